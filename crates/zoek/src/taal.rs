//! Text analysis shared by the index, the suggestions and the duplicate finder, so that
//! "zorgrobots" in a project and "zorgrobot" in a question meet as the same stem.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    TokenStream,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taal {
    Nl,
    En,
}

impl Taal {
    pub(crate) fn tokenizer_name(self) -> &'static str {
        match self {
            Taal::Nl => "gemeten_nl",
            Taal::En => "gemeten_en",
        }
    }

    fn language(self) -> Language {
        match self {
            Taal::Nl => Language::Dutch,
            Taal::En => Language::English,
        }
    }
}

/// Split on non-letters, lower-case, drop stop words, stem.
pub(crate) fn analyzer(taal: Taal) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser);
    match StopWordFilter::new(taal.language()) {
        Some(stop) => builder
            .filter(stop)
            .filter(Stemmer::new(taal.language()))
            .build(),
        None => builder.filter(Stemmer::new(taal.language())).build(),
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
        let mut nl = analyzer(Taal::Nl);
        assert_eq!(stems(&mut nl, "medicijnen"), stems(&mut nl, "medicijn"));
        assert_eq!(stems(&mut nl, "de innovaties"), stems(&mut nl, "innovatie"));
        assert_eq!(stems(&mut nl, "metingen"), stems(&mut nl, "meting"));
        let mut en = analyzer(Taal::En);
        assert_eq!(stems(&mut en, "the sensors"), stems(&mut en, "sensor"));
    }
}
