"""Tiles: a 2x2 image's cells in input order and grey by value; receptive fields
checkered where the neuron does not care, two patterns joined by "or"."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import fourpixel
from scenes.components.tiles import Tile, field_tiles, pixel_color


def test_cells_follow_the_inputs_and_the_greys_follow_the_values():
    tile = Tile([[-1, 0], [0.5, 1]], size=2.0)
    assert [pixel_color(v) for v in (-1, 0, 1)] == ["#000000", "#7F7F7F", "#FFFFFF"]
    assert tile.cell(0, 0).get_fill_color().to_hex() == "#000000"
    assert tile.cell(1, 1).get_fill_color().to_hex() == "#FFFFFF"
    centres = np.array([c.get_center() for c in tile.cells])
    # row by row: top-left, top-right, bottom-left, bottom-right
    assert centres[0][0] < centres[1][0] and centres[0][1] > centres[2][1]
    assert tile.width == pytest.approx(2.0, abs=0.05)


def test_fields_are_checkered_where_the_neuron_does_not_care():
    net = fourpixel.hand_set_network()
    one = field_tiles(fourpixel.receptive_field(net, 1, 2))
    assert len(one) == 1
    tile = one[0]
    assert tile.ignored.tolist() == [[False, True], [False, True]]
    assert len(tile.cell(0, 1)) == 2 and len(tile.cell(0, 1)[0]) == 4  # a checkerboard
    two = field_tiles(fourpixel.receptive_field(net, 4, 3))
    assert len(two) == 3 and two[1].tex_string == r"\text{or}"


def test_a_tile_is_two_by_two():
    with pytest.raises(ValueError, match="2x2"):
        Tile(np.zeros((3, 3)))
