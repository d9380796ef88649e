//! Suggested missions and KIA questions for projects that arrive without labels, with a
//! score, by TF-IDF cosine similarity between the project's text and the register's own
//! words for each question and mission (mission text, theory of change, activities,
//! questions). Suggestions are advice for a person to confirm, never labels set silently.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use gemeten_domain::{Id, MissieCode, Project, Register};

use crate::taal::{analyzer, stems};
use gemeten_domain::Lang;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestie {
    /// Missions, best first, with a score in [0, 1].
    pub missies: Vec<(MissieCode, f32)>,
    /// KIA questions, best first.
    pub vragen: Vec<(Id, f32)>,
}

enum Doel {
    Vraag(Id),
    Missie(MissieCode),
}

pub struct Classificeerder {
    analyzer: TextAnalyzer,
    vocab: HashMap<String, u32>,
    idf: Vec<f32>,
    /// term -> (document, weight), weights of unit-length document vectors.
    postings: Vec<Vec<(u32, f32)>>,
    docs: Vec<Doel>,
    /// Missions of each question document, by document number.
    vraag_missies: HashMap<u32, Vec<MissieCode>>,
}

impl Classificeerder {
    /// From the register's texts alone.
    pub fn new(register: &Register) -> Self {
        Self::learning_from(register, &[])
    }

    /// From the register's texts and the texts of already labelled projects: each labelled
    /// project adds its words to its missions and questions. That is how the funders' own
    /// vocabulary, which the policy documents lack, enters the suggestions.
    pub fn learning_from(register: &Register, labelled: &[Project]) -> Self {
        let mut analyzer = analyzer(Lang::Nl);
        let p = register.parts();
        let mut texts: Vec<(Doel, String)> = Vec::new();
        let mut vraag_missies = HashMap::new();
        for v in &p.kia_vraag {
            vraag_missies.insert(texts.len() as u32, v.missies.clone());
            let mut t = v.text_nl.to_string();
            for e in labelled.iter().filter(|e| e.kia_vragen.contains(&v.id)) {
                t.push('\n');
                t.push_str(&e.text());
            }
            texts.push((Doel::Vraag(v.id.clone()), t));
        }
        for m in register.missies() {
            let mut t = m.text_nl.to_string();
            let mut add = |s: &str| {
                t.push('\n');
                t.push_str(s);
            };
            for k in p.toc_knoop.iter().filter(|k| k.missie == m.code) {
                add(k.text_nl.as_str());
            }
            for a in p.activiteit.iter().filter(|a| a.missies.contains(&m.code)) {
                add(a.text_nl.as_str());
            }
            for v in p.kia_vraag.iter().filter(|v| v.missies.contains(&m.code)) {
                add(v.text_nl.as_str());
            }
            for e in labelled.iter().filter(|e| e.missies.contains(&m.code)) {
                add(&e.text());
            }
            texts.push((Doel::Missie(m.code), t));
        }
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut tfs: Vec<HashMap<u32, f32>> = Vec::new();
        for (_, text) in &texts {
            let mut tf: HashMap<u32, f32> = HashMap::new();
            for s in stems(&mut analyzer, text) {
                let next = vocab.len() as u32;
                let t = *vocab.entry(s).or_insert(next);
                if t as usize == df.len() {
                    df.push(0);
                }
                *tf.entry(t).or_default() += 1.0;
            }
            for t in tf.keys() {
                df[*t as usize] += 1;
            }
            tfs.push(tf);
        }
        let n = texts.len() as f32;
        let idf: Vec<f32> = df.iter().map(|&d| (n / d as f32).ln() + 1.0).collect();
        let mut postings = vec![Vec::new(); vocab.len()];
        for (d, tf) in tfs.iter().enumerate() {
            let weights: Vec<(u32, f32)> = tf
                .iter()
                .map(|(&t, &c)| (t, (1.0 + c.ln()) * idf[t as usize]))
                .collect();
            let norm = weights.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            for (t, w) in weights {
                postings[t as usize].push((d as u32, w / norm.max(f32::MIN_POSITIVE)));
            }
        }
        Classificeerder {
            analyzer,
            vocab,
            idf,
            postings,
            docs: texts.into_iter().map(|(d, _)| d).collect(),
            vraag_missies,
        }
    }

    /// Suggestions for one text: up to `k` questions, and every mission with a score > 0.
    pub fn suggest(&mut self, text: &str, k: usize) -> Suggestie {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for s in stems(&mut self.analyzer, text) {
            if let Some(&t) = self.vocab.get(&s) {
                *tf.entry(t).or_default() += 1.0;
            }
        }
        let weights: Vec<(u32, f32)> = tf
            .iter()
            .map(|(&t, &c)| (t, (1.0 + c.ln()) * self.idf[t as usize]))
            .collect();
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        let mut scores = vec![0f32; self.docs.len()];
        if norm > 0.0 {
            for (t, w) in &weights {
                for (d, dw) in &self.postings[*t as usize] {
                    scores[*d as usize] += w / norm * dw;
                }
            }
        }
        let mut missies: HashMap<MissieCode, f32> = HashMap::new();
        let mut vragen = Vec::new();
        for (d, doc) in self.docs.iter().enumerate() {
            let s = scores[d];
            if s <= 0.0 {
                continue;
            }
            match doc {
                Doel::Missie(m) => {
                    let e = missies.entry(*m).or_default();
                    *e = e.max(s);
                }
                Doel::Vraag(id) => {
                    vragen.push((id.clone(), s));
                    for m in self.vraag_missies.get(&(d as u32)).into_iter().flatten() {
                        let e = missies.entry(*m).or_default();
                        *e = e.max(s);
                    }
                }
            }
        }
        let by_score = |a: &f32, b: &f32| b.total_cmp(a);
        vragen.sort_by(|a, b| by_score(&a.1, &b.1).then_with(|| a.0.cmp(&b.0)));
        vragen.truncate(k);
        let mut missies: Vec<(MissieCode, f32)> = missies.into_iter().collect();
        missies.sort_by(|a, b| by_score(&a.1, &b.1).then_with(|| a.0.cmp(&b.0)));
        Suggestie { missies, vragen }
    }
}
