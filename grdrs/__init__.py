"""grdrs: German municipal council papers into a knowledge base you question from the CLI."""

__version__ = "0.1.0"
