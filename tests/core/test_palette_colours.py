"""New catalog records take a colour of the curated palette that no live record of their kind uses yet."""

from __future__ import annotations

from lighttrack.core.records.palette import PALETTE


def test_a_new_category_takes_an_unused_palette_colour_not_the_uncategorized_grey(services):
    used = {c["color"] for c in services.categories.all()}
    made = [services.categories.create({"name": f"Kind {n}"}) for n in range(3)]
    colours = [c["color"] for c in made]
    assert all(colour in PALETTE for colour in colours)
    assert len(set(colours)) == 3 and not used & set(colours)


def test_a_chosen_colour_is_kept(services):
    assert services.categories.create({"name": "Chosen", "color": "#123456"})["color"] == "#123456"
    assert services.tags.create({"name": "chosen-tag", "color": "#654321"})["color"] == "#654321"
