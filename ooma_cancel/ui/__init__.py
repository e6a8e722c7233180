"""Streamlit glue: the only package besides app.py and views/ that imports streamlit."""
