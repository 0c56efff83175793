"""Grip: forecasting of Wmo and jeugd costs (no Streamlit here)."""

__version__ = "0.1.0"
