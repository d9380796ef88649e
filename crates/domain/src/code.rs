//! Closed vocabularies: every code the register uses, with its Dutch and English label.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Lang, Probleem};

/// Defines a closed vocabulary: the serde code, the Dutch and the English label of each variant.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $what_nl:literal, $what:literal { $($variant:ident = $code:literal, $nl:literal, $en:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn label_nl(self) -> &'static str {
                match self { $($name::$variant => $nl,)+ }
            }

            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }

            /// The label in `lang`.
            pub fn label(self, lang: Lang) -> &'static str {
                lang.t(self.label_nl(), self.label_en())
            }

            /// Every allowed code, for error messages.
            pub fn codes() -> String {
                [$($code,)+].join(", ")
            }
        }

        impl FromStr for $name {
            type Err = Probleem;
            fn from_str(s: &str) -> Result<Self, Probleem> {
                match s {
                    $($code => Ok($name::$variant),)+
                    _ => Err(Probleem::new(
                        format!("onbekende {} '{}' (kies uit: {})", $what_nl, s, $name::codes()),
                        format!("unknown {} '{}' (expected one of: {})", $what, s, $name::codes()),
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary!(
    /// The central mission and missions I-V, ordered as the documents nest them
    /// (the central mission contains all others, "matroesjka").
    MissieCode, "missiecode", "mission code" {
        C = "C", "Centrale missie", "Central mission";
        I = "I", "Missie I", "Mission I";
        II = "II", "Missie II", "Mission II";
        III = "III", "Missie III", "Mission III";
        IV = "IV", "Missie IV", "Mission IV";
        V = "V", "Missie V", "Mission V";
    }
);

impl MissieCode {
    /// Accepts the code in any letter case, and `centraal` for the central mission, because
    /// that is how people type it on the command line.
    pub fn parse_lenient(s: &str) -> Result<Self, Probleem> {
        let upper = s.trim().to_uppercase();
        match upper.as_str() {
            "CENTRAAL" | "CENTRALE" | "CENTRAL" | "0" => Ok(MissieCode::C),
            _ => upper.parse(),
        }
    }
}

vocabulary!(
    /// Development phase of one element of an innovation (002, after NWO's Impact Focus, with
    /// scaling up added as fifth step).
    Fase, "ontwikkelfase", "development phase" {
        Verkennen = "verkennen", "verkennen", "exploring";
        Ontwikkelen = "ontwikkelen", "ontwikkelen", "developing";
        Demonstreren = "demonstreren", "demonstreren", "demonstrating";
        Implementeren = "implementeren", "implementeren", "implementing";
        Opschalen = "opschalen", "opschalen", "scaling up";
    }
);

/// The phase of each of an innovation's three elements (002): the innovation itself (its
/// technical development), its stakeholders, and its use environment — each where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Fasen {
    pub innovation: Option<Fase>,
    pub stakeholders: Option<Fase>,
    pub environment: Option<Fase>,
}

impl Fasen {
    /// The three phases in the order innovation, stakeholders, use environment.
    pub fn elements(self) -> [Option<Fase>; 3] {
        [self.innovation, self.stakeholders, self.environment]
    }

    /// 002's observation: the technology is ahead while its stakeholders or use
    /// environment lag behind. Only said when all three phases are known.
    pub fn technology_ahead(self) -> bool {
        match self.elements() {
            [Some(tech), Some(people), Some(place)] => tech > people || tech > place,
            _ => false,
        }
    }
}

vocabulary!(
    /// Kind of organisation, as the covenant and the portfolio distinguish them.
    OrganisatieSoort, "soort organisatie", "organisation kind" {
        Bedrijf = "bedrijf", "bedrijf", "company";
        Mkb = "mkb", "mkb", "SME";
        Kennisinstelling = "kennisinstelling", "kennisinstelling", "knowledge institution";
        Umc = "umc", "umc", "university medical centre";
        Universiteit = "universiteit", "universiteit", "university";
        Hogeschool = "hogeschool", "hogeschool", "university of applied sciences";
        Gezondheidsfonds = "gezondheidsfonds", "gezondheidsfonds", "health fund";
        Overheid = "overheid", "overheid", "government";
        Financier = "financier", "financier", "funder";
        Regio = "regio", "regio", "region";
        Burgerinitiatief = "burgerinitiatief", "burgerinitiatief", "citizen initiative";
        Zorgaanbieder = "zorgaanbieder", "zorgaanbieder", "care provider";
        Zorgverzekeraar = "zorgverzekeraar", "zorgverzekeraar", "health insurer";
        Patientenorganisatie = "patientenorganisatie", "patiëntenorganisatie", "patient organisation";
        Brancheorganisatie = "brancheorganisatie", "brancheorganisatie", "trade association";
        Topsector = "topsector", "topsector", "top sector";
        Netwerk = "netwerk", "netwerk", "network or consortium";
        Overig = "overig", "overig", "other";
    }
);

vocabulary!(
    /// The role of a partner in a project.
    PartnerRol, "rol van de partner", "partner role" {
        Penvoerder = "penvoerder", "penvoerder", "lead applicant";
        Partner = "partner", "partner", "partner";
        Cofinancier = "cofinancier", "cofinancier", "co-funder";
        Eindgebruiker = "eindgebruiker", "eindgebruiker", "end user";
        Adviseur = "adviseur", "adviseur", "adviser";
    }
);

vocabulary!(
    /// Where a project stands.
    ProjectStatus, "projectstatus", "project status" {
        Aangevraagd = "aangevraagd", "aangevraagd", "applied";
        Lopend = "lopend", "lopend", "running";
        Afgerond = "afgerond", "afgerond", "completed";
        Gestopt = "gestopt", "gestopt", "stopped";
    }
);

vocabulary!(
    /// Where a concrete activity of the KIA stands (bottom-up monitoring, 000 'Monitoring &
    /// Evaluatie', activity 6: an overview to steer the execution of the KIA activities).
    ActiviteitStatus, "status van de activiteit", "activity status" {
        Gepland = "gepland", "gepland", "planned";
        Gestart = "gestart", "gestart", "started";
        Opgeleverd = "opgeleverd", "opgeleverd", "delivered";
        Vastgelopen = "vastgelopen", "vastgelopen", "stuck";
        Vervallen = "vervallen", "vervallen", "dropped";
    }
);

vocabulary!(
    /// Kind of governance body of the MT G&Z (000, "Governance").
    OrgaanSoort, "soort gremium", "body kind" {
        Themateam = "themateam", "Themateam", "Theme team";
        Kernteam = "kernteam", "Kernteam", "Core team";
        Missieteam = "missieteam", "Missieteam", "Mission team";
        Werkgroep = "werkgroep", "werkgroep", "working group";
    }
);

vocabulary!(
    /// Where an action of a meeting stands.
    ActieStatus, "status van de actie", "action status" {
        Open = "open", "open", "open";
        Gereed = "gereed", "gereed", "done";
        Vervallen = "vervallen", "vervallen", "dropped";
    }
);

vocabulary!(
    /// What an international commitment of 000 counts (000 r. 5292-5309).
    ToezeggingSoort, "soort toezegging", "commitment kind" {
        Overleg = "overleg", "internationaal overleg", "international meeting";
        Congres = "congres", "congres met internationaal publiek", "congress with an international audience";
        Ppp = "ppp", "publiek-privaat partnerschap", "public-private partnership";
        Call = "call", "bilaterale R&D funding call", "bilateral R&D funding call";
    }
);

vocabulary!(
    /// Where a project's report (the minimal basic dataset) stands in its review.
    RapportStatus, "status van de rapportage", "report status" {
        Ingediend = "ingediend", "ingediend", "submitted";
        Goedgekeurd = "goedgekeurd", "goedgekeurd", "approved";
        Afgewezen = "afgewezen", "afgewezen", "rejected";
    }
);

vocabulary!(
    /// Whether a higher or a lower value of an indicator is better.
    Richting, "richting", "direction" {
        Hoger = "higher", "hoger is beter", "higher is better";
        Lager = "lower", "lager is beter", "lower is better";
    }
);

vocabulary!(
    /// Kind of node in a theory of change (impact pathway).
    KnoopSoort, "soort stap in de veranderingstheorie", "theory-of-change node kind" {
        Input = "input", "input", "input";
        Activiteit = "activiteit", "activiteit", "activity";
        Output = "output", "output", "output";
        Outcome = "outcome", "tussenresultaat (outcome)", "intermediate outcome";
        Impact = "impact", "impact", "impact";
    }
);

impl KnoopSoort {
    /// Position along the pathway; a link must never point backwards.
    pub fn stage(self) -> u8 {
        match self {
            KnoopSoort::Input => 0,
            KnoopSoort::Activiteit => 1,
            KnoopSoort::Output => 2,
            KnoopSoort::Outcome => 3,
            KnoopSoort::Impact => 4,
        }
    }
}

vocabulary!(
    /// Kind of knowledge and innovation question.
    VraagSoort, "soort vraag", "question kind" {
        Voorbeeld = "voorbeeld", "voorbeeldvraag (missiedocument)", "example question (mission document)";
        Technologisch = "technologisch", "technologische innovatievraag", "technological innovation question";
        Sociaal = "sociaal", "sociale innovatievraag", "social innovation question";
    }
);

vocabulary!(
    /// What a budget amount covers.
    BudgetPeriode, "budgetperiode", "budget period" {
        PerJaar = "per_jaar", "per jaar", "per year";
        Totaal = "totaal", "totaal", "in total";
        PerRegio = "per_regio", "per regio", "per region";
        Onbekend = "onbekend", "onbekend", "unknown";
    }
);

vocabulary!(
    /// Kind of key figure of the KIA as a whole.
    KengetalSoort, "soort kengetal", "key figure kind" {
        Input = "input", "input (middelen)", "input (resources)";
        Resultaat = "resultaat", "resultaat", "result";
    }
);

vocabulary!(
    /// How a target is expressed.
    DoelSoort, "soort doel", "target kind" {
        RelatieveVerandering = "relative_change", "relatieve verandering", "relative change";
        AbsoluteVerandering = "absolute_change", "absolute verandering", "absolute change";
        Niveau = "absolute", "niveau", "level";
        Kwalitatief = "qualitative", "kwalitatief", "qualitative";
    }
);

vocabulary!(
    /// The source documents the reference dataset is curated from.
    BronDocument, "brondocument", "source document" {
        Kia2024 = "000", "KIA Gezondheid & Zorg 2024-2027", "KIA Health & Care 2024-2027";
        Missiedocument2024 = "001", "Missies Gezondheid & Zorg 2024-2027 (VWS)", "Missions Health & Care 2024-2027 (VWS)";
        Prioritering2025 = "002", "Prioritering innovaties missie II en III", "Prioritising innovations of missions II and III";
        Factsheet2019 = "003", "Factsheet missies Gezondheid & Zorg 2019", "Factsheet Health & Care missions 2019";
        BriefLsh2015 = "004", "Brief topsector Life Sciences & Health 2015", "Letter on the Life Sciences & Health top sector 2015";
        Gebruiker = "user", "ingevoerd door gebruiker", "entered by a user";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_from_str() {
        for m in MissieCode::ALL {
            assert_eq!(m.code().parse::<MissieCode>().unwrap(), *m);
        }
        for f in Fase::ALL {
            assert_eq!(f.code().parse::<Fase>().unwrap(), *f);
        }
    }

    #[test]
    fn unknown_mission_code_lists_the_allowed_ones() {
        let err = "VI".parse::<MissieCode>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "onbekende missiecode 'VI' (kies uit: C, I, II, III, IV, V)"
        );
        assert_eq!(
            err.tekst(Lang::En),
            "unknown mission code 'VI' (expected one of: C, I, II, III, IV, V)"
        );
    }

    #[test]
    fn lenient_mission_parse_accepts_lower_case_and_centraal() {
        assert_eq!(MissieCode::parse_lenient("ii").unwrap(), MissieCode::II);
        assert_eq!(
            MissieCode::parse_lenient("centraal").unwrap(),
            MissieCode::C
        );
        assert!(MissieCode::parse_lenient("vii").is_err());
    }

    #[test]
    fn pathway_stages_are_strictly_ordered() {
        let stages: Vec<u8> = KnoopSoort::ALL.iter().map(|k| k.stage()).collect();
        assert!(stages.windows(2).all(|w| w[0] < w[1]));
    }
}

vocabulary!(
    /// The frameworks an assessment scores on: 000's ROCKET principles (Tabel 3) and its nine
    /// kernelementen.
    Kader, "kader", "framework" {
        Rocket = "rocket", "ROCKET-principes", "ROCKET principles";
        Kernelement = "kernelement", "kernelementen", "core elements";
    }
);

vocabulary!(
    /// What an assessment is of.
    OnderwerpSoort, "soort onderwerp", "kind of subject" {
        Project = "project", "project", "project";
        Instrument = "instrument", "instrument", "instrument";
        Oproep = "oproep", "oproep", "call";
        Innovatie = "innovatie", "innovatie", "innovation";
    }
);

vocabulary!(
    /// The kinds of element of the knowledge and innovation ecosystem (000 Figure 5 and its
    /// legend, lines 6496-6535), in the document's own words, in the order of the figure's
    /// columns: the input of the departments (EZK's top sectors, OCW's NWA routes, VWS's care
    /// agreements), then the output and outcome (technologies, methodologies, partnerships).
    KiesSoort, "soort KIES-element", "kind of KIES element" {
        Topsector = "topsector", "Topsectoren – TKI’s (EZK)", "Top sectors – TKIs (EZK)";
        NwaRoute = "nwa_route", "NWA-routes (OCW)", "NWA routes (OCW)";
        Zorgakkoord = "zorgakkoord", "Zorgakkoorden en -programma’s (VWS)", "Care agreements and programmes (VWS)";
        Sleuteltechnologie = "sleuteltechnologie", "Sleuteltechnologieën en meerjarige programma’s", "Key enabling technologies and multi-year programmes";
        Sleutelmethodologie = "sleutelmethodologie", "Sleutelmethodologieën", "Key enabling methodologies";
        Partnerschap = "partnerschap", "Publiek-private partnerschappen", "Public-private partnerships";
    }
);
