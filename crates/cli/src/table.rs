//! Plain-text tables that wrap to the terminal.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use crate::i18n::Label;
use crate::i18n::Lang;

/// Width used when output does not go to a terminal (pipes, files, tests).
const DEFAULT_WIDTH: u16 = 120;

pub fn new(headers: &[&Label], lang: Lang) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(|h| h.get(lang)));
    if t.width().is_none() {
        t.set_width(DEFAULT_WIDTH);
    }
    t
}

/// A table with headers that are not fixed labels (column names chosen by the user).
pub fn plain(headers: &[String]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers);
    if t.width().is_none() {
        t.set_width(DEFAULT_WIDTH);
    }
    t
}
