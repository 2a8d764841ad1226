"""Campaign ROI for influencer marketing: store, import, metrics, demo data, CLI.

Everything that is not a Streamlit page lives here, and nothing here needs a
running Streamlit to be imported or tested.
"""

__version__ = "0.1.0"
