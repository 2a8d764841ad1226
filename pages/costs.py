"""Placeholder until the page lands (issue 3)."""

import streamlit as st

st.title("costs")
