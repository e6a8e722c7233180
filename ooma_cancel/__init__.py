"""Ooma cancellation dashboard: the domain (pure Python, no Streamlit)."""

__version__ = "0.1.0"
