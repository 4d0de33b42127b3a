"""Adapters to live clusters (kubernetes client, helm); imported only by the commands that need them."""
