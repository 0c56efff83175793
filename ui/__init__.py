"""Streamlit helpers shared by the screens: session state, sidebar, charts. No modelling here."""
