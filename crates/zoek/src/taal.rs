//! Text analysis shared by the index, the suggestions and the duplicate finder, so that
//! "zorgrobots" in a project and "zorgrobot" in a question meet as the same stem.
//!
//! The language is the domain's [`Lang`]; this module only maps it onto tantivy's.

use gemeten_domain::Lang;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    TokenStream,
};

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
    match StopWordFilter::new(language(taal)) {
        Some(stop) => builder
            .filter(stop)
            .filter(Stemmer::new(language(taal)))
            .build(),
        None => builder.filter(Stemmer::new(language(taal))).build(),
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
