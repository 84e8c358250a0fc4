"""Loaders: read files into filings, extract facts, map facts to RDF."""
