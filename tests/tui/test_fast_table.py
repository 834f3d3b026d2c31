"""FastTable and MetagraphTable through Textual pilots: drawing, keys, mouse, sort, filter, updates."""

from __future__ import annotations

import numpy as np
import pytest
from textual.app import App, ComposeResult

from tests.tui.fake_metagraph import block_change, epoch_change, fake_metagraph
from tui.widgets.column_chooser import ColumnChooser
from tui.widgets.fast_table import FastTable
from tui.widgets.metagraph_table import MetagraphTable
from tui.widgets.table_model import Column

pytestmark = pytest.mark.anyio

COLUMNS = (
    Column("uid", "UID", width=4),
    Column("name", "Name", align="left"),
    Column("score", "Score", lambda v: f"{v:.2f}"),
    Column("flag", "Flag", lambda v: "yes" if v else "", "center"),
)


def small_data() -> dict[str, list]:
    return {
        "uid": [0, 1, 2, 3, 4],
        "name": ["delta", "alpha", "Echo", "bravo", "charlie"],
        "score": [2.0, 5.5, 1.25, 5.5, -3.0],
        "flag": [True, False, True, False, True],
    }


class TableApp(App):
    def __init__(self, table: FastTable) -> None:
        super().__init__()
        self.table = table
        self.events: list[FastTable.RowSelected] = []

    def compose(self) -> ComposeResult:
        yield self.table

    def on_fast_table_row_selected(self, message: FastTable.RowSelected) -> None:
        self.events.append(message)


def lines(table: FastTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def uids(table: FastTable) -> list[int]:
    return [table.model.keys[i] for i in table.model.order]


async def test_renders_header_and_rows():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)) as pilot:
        table.set_data(small_data())
        await pilot.pause()
        shown = lines(table)
        assert shown[0].split() == ["UID", "Name", "Score", "Flag"]
        assert shown[1].split() == ["0", "delta", "2.00", "yes"]
        assert shown[5].split() == ["4", "charlie", "-3.00", "yes"]
        assert shown[6].strip() == ""
        assert "charlie" in "".join(pilot.app.export_screenshot())


async def test_empty_data_and_keys_on_empty_table():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)) as pilot:
        table.set_data({"uid": [], "name": [], "score": [], "flag": []})
        table.focus()
        await pilot.press("down", "end", "enter", "s", "r")
        assert table.row_count() == 0 and table.cursor_key is None
        assert pilot.app.events == []
        assert lines(table)[1].strip() == ""


async def test_sort_numeric_and_text_both_directions_stable():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)):
        table.set_data(small_data())
        table.sort_by("score")
        assert uids(table) == [4, 2, 0, 1, 3]  # 1 and 3 tie: key order kept
        table.sort_by("score")  # same column again: descending
        assert uids(table) == [1, 3, 0, 2, 4]
        assert "Score ▼" in lines(table)[0]
        table.sort_by("name", reverse=False)
        assert [table.model.values["name"][i] for i in table.model.order] == ["Echo", "alpha", "bravo", "charlie", "delta"]
        table.sort_by("name", reverse=True)
        assert uids(table) == [0, 4, 3, 1, 2]
        table.sort_by(None)
        assert uids(table) == [0, 1, 2, 3, 4]


async def test_sort_keys_and_header_click():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)) as pilot:
        table.set_data(small_data())
        table.focus()
        await pilot.press("s")
        assert table.model.sort_column == "uid"
        await pilot.press("s", "s")
        assert table.model.sort_column == "score" and not table.model.sort_reverse
        await pilot.press("r")
        assert table.model.sort_reverse
        x = lines(table)[0].index("Name")
        await pilot.click(FastTable, offset=(x, 0))
        assert table.model.sort_column == "name" and not table.model.sort_reverse
        await pilot.click(FastTable, offset=(x, 0))
        assert table.model.sort_reverse


async def test_filter_query_flags_predicate():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)):
        table.set_data(small_data())
        table.filter("A", columns=["name"])
        assert uids(table) == [0, 1, 3, 4]  # case-insensitive substring
        table.filter(flags=["flag"])
        assert uids(table) == [0, 4]
        table.filter("", flags=[], predicate=lambda v: v["score"] > 2)
        assert uids(table) == [1, 3]
        table.sort_by("uid", reverse=True)
        assert uids(table) == [3, 1]
        table.filter(predicate=None)
        assert table.row_count() == 5


async def test_own_keys_highlighted_and_own_only():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)):
        table.set_data(small_data())
        table.set_own_keys({"bravo", "Echo"}, columns=["name"])
        own = table.get_component_rich_style("fast-table--own")
        cursor = table.get_component_rich_style("fast-table--cursor")
        styles = [table.render_line(y).__iter__().__next__().style for y in range(1, 6)]
        assert styles[0] == cursor  # row 0 holds the cursor
        assert styles[2] == own and styles[3] == own
        assert styles[1] == table.rich_style and styles[4] == table.rich_style
        table.filter(own_only=True)
        assert uids(table) == [2, 3]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_both_themes_readable(theme):
    table = FastTable(COLUMNS, "uid")
    app = TableApp(table)
    async with app.run_test(size=(60, 10)) as pilot:
        app.theme = theme
        table.set_data(small_data())
        table.focus()
        await pilot.pause()
        for name in ("header", "own", "cursor"):
            style = table.get_component_rich_style(f"fast-table--{name}")
            assert style.color is not None and style.bgcolor is not None
            assert style.color != style.bgcolor, name
        assert table.get_component_rich_style("fast-table--own").color != table.rich_style.color


async def test_keys_move_cursor_and_scroll_4096_rows():
    table = MetagraphTable()
    async with TableApp(table).run_test(size=(160, 48)) as pilot:
        table.set_data(fake_metagraph(4096))
        table.focus()
        await pilot.pause()
        body = table.scrollable_content_region.height - 1
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and table.cursor_key == 2
        await pilot.press("pagedown")
        assert table.cursor_row == 2 + body and table.scroll_y == table.cursor_row - body + 1
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_key == 4095 and table.scroll_y == 4096 - body
        assert lines(table)[body].split()[0] == "4095"
        await pilot.press("pageup", "up")
        assert table.cursor_row == 4095 - body - 1
        await pilot.press("home")
        assert table.cursor_row == 0 and table.scroll_y == 0
        table.sort_by("stake", reverse=True)  # the cursor's row (uid 0) moves far down; follow it
        await pilot.pause()
        assert table.cursor_key == 0 and table.cursor_row > body
        assert table.scroll_y <= table.cursor_row < table.scroll_y + body


async def test_enter_and_click_post_row_selected():
    table = FastTable(COLUMNS, "uid")
    app = TableApp(table)
    async with app.run_test(size=(60, 10)) as pilot:
        table.set_data(small_data())
        table.sort_by("score", reverse=True)
        table.focus()
        await pilot.press("home", "down", "enter")
        await pilot.pause()
        assert [m.row_key for m in app.events] == [3]
        await pilot.click(FastTable, offset=(2, 4))  # fourth body line: uid 2
        await pilot.pause()
        assert [m.row_key for m in app.events] == [3, 2] and table.cursor_key == 2


async def test_cursor_follows_its_row_through_resort():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)) as pilot:
        table.set_data(small_data())
        table.focus()
        await pilot.press("down")  # uid 1
        table.sort_by("score", reverse=True)
        assert table.cursor_key == 1 and table.cursor_row == 0
        table.set_data({**small_data(), "score": [9.0, 0.0, 1.25, 5.5, -3.0]})
        assert table.cursor_key == 1 and table.cursor_row == 3


async def test_choose_columns_directly_and_through_modal():
    table = MetagraphTable()
    app = TableApp(table)
    async with app.run_test(size=(160, 48)) as pilot:
        table.set_data(fake_metagraph(50))
        table.set_visible_columns(["stake", "uid"])
        assert table.visible_columns == ["uid", "stake"]
        assert lines(table)[0].split() == ["UID", "Stake", "α"]
        table.focus()
        await pilot.press("c")
        assert isinstance(app.screen, ColumnChooser)
        await pilot.press("space")  # untick the first entry, uid
        await pilot.press("enter")
        await pilot.pause()
        assert table.visible_columns == ["stake"]
        await pilot.press("c", "escape")
        assert table.visible_columns == ["stake"]


async def test_metagraph_keys_permit_and_own_only_and_compact_at_80x24():
    data = fake_metagraph(300)
    mine = {str(data["hotkey"][7]), str(data["coldkey"][9])}
    table = MetagraphTable(own_keys=mine)
    async with TableApp(table).run_test(size=(80, 24)) as pilot:
        table.set_data(data)
        await pilot.pause()
        header = lines(table)[0]
        assert len(header.rstrip()) <= 80 and "Hotkey" in header and "Incent" in header
        table.focus()
        await pilot.press("p")
        assert table.row_count() == int(data["permit"].sum())
        await pilot.press("p", "o")
        expected = np.flatnonzero((data["hotkey"] == data["hotkey"][7]) | (data["coldkey"] == data["coldkey"][9]))
        assert sorted(uids(table)) == expected.tolist()
        table.filter(data["hotkey"][12][5:15].lower(), own_only=False)
        assert uids(table) == [12]


async def test_updates_reformat_only_changed_cells():
    table = MetagraphTable()
    async with TableApp(table).run_test(size=(160, 48)):
        data = fake_metagraph(512)
        table.set_data(data)
        before = {k: list(v) for k, v in table.model.cells.items()}
        rng = np.random.default_rng(1)
        nxt = block_change(data, rng, cells=30)
        changed = table.set_data(nxt)
        for key, cells in table.model.cells.items():
            differs = np.flatnonzero(np.asarray(data[key]) != np.asarray(nxt[key])).tolist()
            assert sorted(changed.get(key, np.zeros(0, int)).tolist()) == differs, key
            replaced = [i for i, (a, b) in enumerate(zip(before[key], cells)) if a is not b]
            assert replaced == differs, key
        assert set(changed) <= {"updated", "stake", "daily"}
        again = table.set_data(nxt)  # same data: nothing reformatted
        assert again == {}
        table.sort_by("incentive", reverse=True)
        table.set_data(epoch_change(nxt, rng))
        order = table.model.order
        incent = table.model.values["incentive"][order]
        assert np.all(incent[:-1] >= incent[1:])


async def test_update_cells_by_row_key():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)):
        table.set_data(small_data())
        table.sort_by("score")
        before = list(table.model.cells["name"])
        changed = table.update_cells({"score": {4: 10.0, 0: 2.0, 99: 1.0}, "name": {1: "a much longer name"}})
        assert changed["score"].tolist() == [4]  # 0 unchanged, 99 unknown
        assert uids(table)[-1] == 4
        assert table.model.cells["name"][1] == "a much longer name" and before[0] is table.model.cells["name"][0]
        assert table.model.widths["name"] == len("a much longer name")


def test_model_treats_nan_as_equal_and_upcasts():
    from tui.widgets.table_model import TableModel

    model = TableModel(COLUMNS, "uid")
    data = small_data() | {"score": [np.nan, 1.0, 2.0, 3.0, 4.0]}
    model.set_data(data)
    assert model.set_data(data) == {}
    assert model.update_cells({"score": {0: np.nan}}) == {}
    model.update_cells({"uid": {0: 5}, "flag": {1: 7}})
    assert model.cells["flag"][1] == "yes"
    model.update_cells({"name": {2: "x" * 30}})
    assert model.values["name"][2] == "x" * 30 and model.widths["name"] == 24


async def test_horizontal_scroll_keeps_fixed_column():
    table = MetagraphTable()
    async with TableApp(table).run_test(size=(80, 24)) as pilot:
        table.set_data(fake_metagraph(40))
        table.set_visible_columns(table.model.columns)
        await pilot.pause()
        assert table.max_scroll_x > 0
        table.scroll_to(x=table.max_scroll_x, animate=False)
        await pilot.pause()
        header, first = lines(table)[:2]
        assert header.split()[0] == "UID" and first.split()[0] == "0"
        assert "α/day" in header and "Hotkey" not in header
        assert table.column_at(1) == "uid" and table.column_at(len(header.rstrip()) - 1) == "daily"


async def test_cursor_moves_post_coalescing_row_highlighted():
    table = FastTable(COLUMNS, "uid")
    seen: list[object] = []

    class Watch(TableApp):
        def on_fast_table_row_highlighted(self, message: FastTable.RowHighlighted) -> None:
            seen.append(message.row_key)

    async with Watch(table).run_test(size=(60, 10)) as pilot:
        table.set_data(small_data())
        table.focus()
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert seen[0] == 0 and seen[-1] == 1 and set(seen) <= {0, 1, 2}
        assert pilot.app.events == []  # moving is not selecting


async def test_missing_columns_are_not_drawn_and_objects_sort():
    table = FastTable(COLUMNS, "uid")
    async with TableApp(table).run_test(size=(60, 10)):
        table.set_data({"uid": [0, 1, 2, 3], "score": np.array([10, None, 9, 2.5], dtype=object)})
        assert lines(table)[0].split() == ["UID", "Score"]
        table.sort_by("score")
        assert uids(table) == [3, 2, 0, 1]  # numbers in natural order, None last
        table.sort_by("score")
        assert uids(table) == [0, 2, 3, 1]


async def test_redrawn_lines_show_new_values_and_theme():
    table = FastTable(COLUMNS, "uid")
    app = TableApp(table)
    async with app.run_test(size=(60, 10)) as pilot:
        table.set_data(small_data())
        await pilot.pause()
        assert lines(table)[3].split()[2] == "1.25"
        table.set_data({**small_data(), "score": [2.0, 5.5, 7.75, 5.5, -3.0]})
        await pilot.pause()
        assert lines(table)[3].split()[2] == "7.75"
        assert "7.75" in app.export_screenshot()
        table.update_cells({"name": {3: "bravissimo!"}})  # wider: every line is redrawn
        await pilot.pause()
        assert lines(table)[4].split()[1] == "bravissimo!" and lines(table)[1].split()[1] == "delta"
        before = table.render_line(2).__iter__().__next__().style
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert table.render_line(2).__iter__().__next__().style != before
