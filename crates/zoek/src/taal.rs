//! Text analysis shared by the index, the suggestions and the duplicate finder, so that
//! "zorgrobots" in a project and "zorgrobot" in a question meet as the same stem.
//!
//! The language is the domain's [`Lang`]; this module only maps it onto tantivy's.

use gemeten_domain::Lang;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer, TextAnalyzerBuilder, TokenStream, Tokenizer,
};
#[cfg(test)]
use tantivy::tokenizer::{Token, TokenFilter};

/// The name the analyser of `taal` is registered under in an index.
pub(crate) fn tokenizer_name(taal: Lang) -> &'static str {
    match taal {
        Lang::Nl => "gemeten_nl",
        Lang::En => "gemeten_en",
    }
}

fn language(taal: Lang) -> Language {
    match taal {
        Lang::Nl => Language::Dutch,
        Lang::En => Language::English,
    }
}

/// Split on non-letters, lower-case, drop stop words, stem.
pub(crate) fn analyzer(taal: Lang) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser);
    stop_en_stam(builder, taal)
}

/// The end of both analysers: the language's stop words dropped (where it has a list), then
/// stemmed.
fn stop_en_stam<T: Tokenizer>(builder: TextAnalyzerBuilder<T>, taal: Lang) -> TextAnalyzer {
    match StopWordFilter::new(language(taal)) {
        Some(stop) => builder
            .filter(stop)
            .filter(Stemmer::new(language(taal)))
            .build(),
        None => builder.filter(Stemmer::new(language(taal))).build(),
    }
}

/// The end of [`analyzer`] for one word that is already lower-cased: nothing when it is a
/// stop word, else its stem (quoting stems only the words that may be searched ones).
pub(crate) fn stam_analyzer(taal: Lang) -> TextAnalyzer {
    stop_en_stam(TextAnalyzer::builder(RawTokenizer::default()), taal)
}

/// The quoting analyser before [`crate::citaat::Citeerder`] (kept to test that it quotes
/// the same): as [`analyzer`], for quoting a text that is searched for `stems`: a word that cannot
/// stem to one of them is passed on empty (not stemmed), so that quoting a hit's text does
/// not stem every word of it. A stem keeps the first two letters of its word (both
/// stemmers change only the end of a word, and accented letters, which are let through);
/// with a stem shorter than three letters every word is stemmed.
#[cfg(test)]
pub(crate) fn quote_analyzer<'a>(
    taal: Lang,
    stems: impl IntoIterator<Item = &'a str>,
) -> TextAnalyzer {
    let mut begins: Vec<[u8; 2]> = Vec::new();
    let mut all = false;
    for s in stems {
        match s.as_bytes() {
            [a, b, _, ..] if s.chars().nth(2).is_some() => begins.push([*a, *b]),
            _ => all = true,
        }
    }
    if all {
        return analyzer(taal);
    }
    begins.sort_unstable();
    begins.dedup();
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Begint(begins));
    stop_en_stam(builder, taal)
}

/// Passes on the words that begin with one of its pairs of bytes, or with a letter that is
/// not ASCII; any other word empty.
#[cfg(test)]
#[derive(Clone)]
struct Begint(Vec<[u8; 2]>);

#[cfg(test)]
impl TokenFilter for Begint {
    type Tokenizer<T: Tokenizer> = BegintFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> BegintFilter<T> {
        BegintFilter {
            tokenizer,
            begins: self.0,
        }
    }
}

#[cfg(test)]
#[cfg(test)]
#[derive(Clone)]
struct BegintFilter<T> {
    tokenizer: T,
    begins: Vec<[u8; 2]>,
}

#[cfg(test)]
impl<T: Tokenizer> Tokenizer for BegintFilter<T> {
    type TokenStream<'a> = BegintStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        BegintStream {
            tail: self.tokenizer.token_stream(text),
            begins: &self.begins,
        }
    }
}

#[cfg(test)]
struct BegintStream<'a, T> {
    tail: T,
    begins: &'a [[u8; 2]],
}

#[cfg(test)]
impl<T: TokenStream> TokenStream for BegintStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        let keep = match text.as_bytes() {
            [a, b, ..] => !a.is_ascii() || !b.is_ascii() || self.begins.contains(&[*a, *b]),
            _ => true,
        };
        if !keep {
            text.clear();
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The stems of `text`, in order.
pub fn stems(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_plural_and_singular_share_a_stem_and_stop_words_go() {
        let mut nl = analyzer(Lang::Nl);
        assert_eq!(stems(&mut nl, "medicijnen"), stems(&mut nl, "medicijn"));
        assert_eq!(stems(&mut nl, "de innovaties"), stems(&mut nl, "innovatie"));
        assert_eq!(stems(&mut nl, "metingen"), stems(&mut nl, "meting"));
        let mut en = analyzer(Lang::En);
        assert_eq!(stems(&mut en, "the sensors"), stems(&mut en, "sensor"));
    }
}
