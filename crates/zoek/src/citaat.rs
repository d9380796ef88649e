//! Quoting a hit: the best part of its text with the searched words marked, the same part
//! and marks as tantivy's `SnippetGenerator` with the quoting analyser finds
//! ([`crate::taal::quote_analyzer`]), in one pass that lower-cases, stems and looks up only
//! the words that can be one of the searched stems. The generator lower-cased and looked up
//! every word of a text in a map of strings (an allocation and string comparisons per word),
//! which was a quarter of a search of the best 20 hits.

use std::cell::RefCell;
use std::ops::Range;

use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer, TokenStream, Tokenizer};
use tantivy::Score;

use crate::taal::stam_analyzer;
use gemeten_domain::Lang;

/// Words of this many bytes and more are dropped (as the analysers' `RemoveLongFilter`).
const LANG_WOORD: usize = 40;

/// What quotes the hits of one search.
pub(crate) struct Citeerder {
    /// The searched stems and their weights (few: a list is quicker than a map).
    woorden: Vec<(String, Score)>,
    /// The first two bytes of the stems: a word beginning otherwise (in ASCII) cannot stem to
    /// one of them. `None`: a stem shorter than three letters, every word is stemmed.
    begins: Option<Vec<[u8; 2]>>,
    /// What a word that cannot be searched weighs (the analyser passes it on empty): nothing,
    /// unless the empty word is searched.
    leeg: Option<Score>,
    /// Stop words dropped and the rest stemmed, one word at a time.
    stam: RefCell<TextAnalyzer>,
    /// The most characters (bytes, as tantivy counts them) of a quoted part.
    max_chars: usize,
}

/// A word as the quoting analyser passes it on.
enum Woord {
    /// A stop word: dropped, it does not count for where a part ends.
    Weg,
    /// A word that is not searched (it counts for where a part ends).
    Anders,
    /// A searched stem, with its weight.
    Gezocht(Score),
}

/// The quoted part: where it is in the text and its marked words (byte ranges into the
/// part); empty when no word of the text was searched.
pub(crate) struct Citaat {
    fragment: String,
    range: Range<usize>,
    highlighted: Vec<Range<usize>>,
}

impl Citaat {
    pub(crate) fn is_empty(&self) -> bool {
        self.highlighted.is_empty()
    }
    pub(crate) fn fragment(&self) -> &str {
        &self.fragment
    }
    pub(crate) fn fragment_range(&self) -> Range<usize> {
        self.range.clone()
    }
    pub(crate) fn highlighted(&self) -> &[Range<usize>] {
        &self.highlighted
    }
}

struct Kandidaat {
    score: Score,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Kandidaat {
    fn new(start: usize) -> Kandidaat {
        Kandidaat {
            score: 0.0,
            start,
            stop: start,
            highlighted: Vec::new(),
        }
    }
}

impl Citeerder {
    /// Quotes with `woorden` (stems of `taal`'s analysis and their weights) parts of at most
    /// `max_chars`.
    pub(crate) fn new(
        woorden: impl IntoIterator<Item = (String, Score)>,
        taal: Lang,
        max_chars: usize,
    ) -> Citeerder {
        let woorden: Vec<(String, Score)> = woorden.into_iter().collect();
        let mut begins = Some(Vec::new());
        for (s, _) in &woorden {
            match (s.as_bytes(), begins.as_mut()) {
                ([a, b, _, ..], Some(v)) if s.chars().nth(2).is_some() => v.push([*a, *b]),
                _ => begins = None,
            }
        }
        if let Some(v) = begins.as_mut() {
            v.sort_unstable();
            v.dedup();
        }
        let leeg = woorden.iter().find(|(w, _)| w.is_empty()).map(|(_, s)| *s);
        Citeerder {
            leeg,
            woorden,
            begins,
            stam: RefCell::new(stam_analyzer(taal)),
            max_chars,
        }
    }

    fn gewicht(&self, stam: &str) -> Option<Score> {
        self.woorden
            .iter()
            .find(|(w, _)| w == stam)
            .map(|(_, score)| *score)
    }

    /// `word` (of fewer than [`LANG_WOORD`] bytes) as the quoting analyser passes it on.
    fn woord(&self, word: &str, stam: &mut TextAnalyzer, lower: &mut String) -> Woord {
        // The analyser passes a word it does not stem on empty.
        let anders = || match self.leeg {
            Some(score) => Woord::Gezocht(score),
            None => Woord::Anders,
        };
        if let (Some(begins), [a, b, ..]) = (&self.begins, word.as_bytes()) {
            // Both ASCII: lower-casing them is all lower-casing does to them.
            if a.is_ascii()
                && b.is_ascii()
                && !begins.contains(&[a.to_ascii_lowercase(), b.to_ascii_lowercase()])
            {
                return anders();
            }
        }
        // Lower-cased as tantivy's `LowerCaser`.
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            for c in word.chars() {
                lower.extend(c.to_lowercase());
            }
        }
        if let (Some(begins), [a, b, ..]) = (&self.begins, lower.as_bytes()) {
            if a.is_ascii() && b.is_ascii() && !begins.contains(&[*a, *b]) {
                return anders();
            }
        }
        let mut stream = stam.token_stream(lower);
        if !stream.advance() {
            return Woord::Weg;
        }
        match self.gewicht(&stream.token().text.to_lowercase()) {
            Some(score) => Woord::Gezocht(score),
            None => Woord::Anders,
        }
    }

    /// The best part of `text`: the parts are cut where a word would end past `max_chars`
    /// from the part's start, each scores the weights of its searched words, the best (the
    /// first of equals) is quoted.
    pub(crate) fn snippet(&self, text: &str) -> Citaat {
        let mut stam = self.stam.borrow_mut();
        let mut lower = String::new();
        let mut tokenizer = SimpleTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut deel = Kandidaat::new(0);
        let mut delen: Vec<Kandidaat> = Vec::new();
        while stream.advance() {
            let t = stream.token();
            if t.text.len() >= LANG_WOORD {
                continue;
            }
            let score = match self.woord(&t.text, &mut stam, &mut lower) {
                Woord::Weg => continue,
                Woord::Anders => None,
                Woord::Gezocht(score) => Some(score),
            };
            if t.offset_to - deel.start > self.max_chars {
                let vol = std::mem::replace(&mut deel, Kandidaat::new(t.offset_from));
                if vol.score > 0.0 {
                    delen.push(vol);
                }
            }
            deel.stop = t.offset_to;
            if let Some(score) = score {
                deel.score += score;
                deel.highlighted.push(t.offset_from..t.offset_to);
            }
        }
        if deel.score > 0.0 {
            delen.push(deel);
        }
        // As tantivy: the highest score; of equals the one that starts (then ends) first.
        let beste = delen.iter().max_by(|l, r| {
            match l
                .score
                .partial_cmp(&r.score)
                .unwrap_or(std::cmp::Ordering::Equal)
            {
                std::cmp::Ordering::Equal => (r.start, r.stop).cmp(&(l.start, l.stop)),
                o => o,
            }
        });
        match beste {
            Some(d) => Citaat {
                fragment: text[d.start..d.stop].to_owned(),
                range: d.start..d.stop,
                highlighted: d
                    .highlighted
                    .iter()
                    .map(|h| h.start - d.start..h.end - d.start)
                    .collect(),
            },
            None => Citaat {
                fragment: String::new(),
                range: 0..0,
                highlighted: Vec::new(),
            },
        }
    }
}
