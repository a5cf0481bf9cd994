"""PDF estimates and tables, through pdfplumber: printed tables back into rows and columns.

A printed estimate keeps its cells only as positioned characters. This reader rebuilds the rows
and columns a person sees and hands the same kind of grid a workbook gives to the content-based
readers (bill, breakdown, cost summary, sheet classification); nothing after it knows the input
was a PDF, except that a grid says its values were read from print.

* Rows. Characters on one baseline make a text line. Inside a ruled table, the text lines
  between two rules make one row whose cells may hold several lines: a cell holding as many
  lines as the row's other multi-line cells is a stack of values, one per row (the way
  estimating programs and the 표준품셈 print a group of rows: ``'0.41\n0.65\n0.74'``); a cell
  with fewer lines is one label wrapped over lines (``지 하/관 로/포 설``) and belongs to every
  row of the stack.
* Columns. In a ruled table, its vertical rules. Without rules, the x-ranges that no cell's
  text crosses on (almost) any row: inside a cell the characters run on without a gap (spaces
  are characters), between cells there is one.
* Pages. A sheet printed over several pages is one grid while each next page fits the same
  columns and does not open with another document's title; a page never holds two sheets.
  A repeated header stays in the grid: the readers count it as a repeated header.
* Page furniture. Page numbers (``- 3 -``, ``3 / 12``, ``Page 3``) in the top or bottom band,
  and lines repeated at the same place on most pages there, are dropped.
* Ditto marks (〃) take the value above them in the same column.

A row's location is the page (``p.N``) and its 1-based position among the rows read from that
page, top to bottom; ``Grid.row_boxes`` keeps each row's box in PDF points, origin top-left.
pdfplumber is imported here only, so it loads only when a PDF is read. Work per page is
bounded (characters, seconds); see ``Limits``.
"""

from .page import LIMITS, Limits
from .sheets import Printed, load_grids
from .tables import Table, tables

__all__ = ["LIMITS", "Limits", "Printed", "Table", "load_grids", "tables"]
