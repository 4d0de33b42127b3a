"""Refresh the JSON twins of the release catalogs: ``python -m gpuop_values.catalog``."""

from pathlib import Path

from gpuop_values.catalog import compiled_text, releases

HERE = Path(__file__).parent
for release in releases():
    (HERE / f"{release}.json").write_text(compiled_text(release), encoding="utf-8")
    print(f"wrote {HERE / f'{release}.json'}")
