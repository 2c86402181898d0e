//! Vietnamese search: folding, matching, ranking and snippets, checked
//! through the public API, against the embedded plan and with properties.

use ke_hoach::search::{fold, Hit, SearchDoc, SearchIndex, SNIPPET_CHARS};
use proptest::prelude::*;

/// Each Vietnamese vowel with its six tones (none, huyền, sắc, hỏi, ngã,
/// nặng), lower case, with its ASCII base and shape mark. Written out here
/// independently of the implementation's table.
const VOWELS: [(&str, char, Option<char>); 12] = [
    ("aàáảãạ", 'a', None),
    ("ăằắẳẵặ", 'a', Some('\u{306}')),
    ("âầấẩẫậ", 'a', Some('\u{302}')),
    ("eèéẻẽẹ", 'e', None),
    ("êềếểễệ", 'e', Some('\u{302}')),
    ("iìíỉĩị", 'i', None),
    ("oòóỏõọ", 'o', None),
    ("ôồốổỗộ", 'o', Some('\u{302}')),
    ("ơờớởỡợ", 'o', Some('\u{31b}')),
    ("uùúủũụ", 'u', None),
    ("ưừứửữự", 'u', Some('\u{31b}')),
    ("yỳýỷỹỵ", 'y', None),
];
const TONE_MARKS: [Option<char>; 6] = [
    None,
    Some('\u{300}'),
    Some('\u{301}'),
    Some('\u{309}'),
    Some('\u{303}'),
    Some('\u{323}'),
];

/// The canonical decomposition of a base letter with its marks: marks in
/// order of combining class, horn (216) < dot below (220) < the rest (230).
fn decompose(base: char, shape: Option<char>, tone: Option<char>) -> String {
    let mut marks: Vec<char> = shape.into_iter().chain(tone).collect();
    let class = |m: &char| match m {
        '\u{31b}' => 216,
        '\u{323}' => 220,
        _ => 230,
    };
    marks.sort_by_key(class);
    std::iter::once(base).chain(marks).collect()
}

/// Hand-built NFD of Vietnamese text, from the table above.
fn nfd(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let found = VOWELS.iter().find_map(|(forms, base, shape)| {
            let tone = forms.chars().position(|f| f == lower)?;
            let base = if c == lower {
                *base
            } else {
                base.to_ascii_uppercase()
            };
            Some(decompose(base, *shape, TONE_MARKS[tone]))
        });
        match found {
            Some(d) => out.push_str(&d),
            None => out.push(c),
        }
    }
    out
}

fn index(texts: &[&str]) -> SearchIndex {
    SearchIndex::new(
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| SearchDoc {
                id: format!("doc-{i}"),
                location: format!("Mục {i}"),
                text: t.to_string(),
            })
            .collect(),
    )
}

fn docs_of(hits: &[Hit]) -> Vec<usize> {
    hits.iter().map(|h| h.doc).collect()
}

fn highlighted(hit: &Hit) -> Vec<&str> {
    hit.snippet
        .highlights
        .iter()
        .map(|&(a, b)| &hit.snippet.text[a..b])
        .collect()
}

mod folding {
    use super::*;

    #[test]
    fn every_vowel_with_every_tone_folds_to_its_base_in_both_cases_and_forms() {
        let mut checked = 0;
        for (forms, base, shape) in VOWELS {
            for (letter, tone) in forms.chars().zip(TONE_MARKS) {
                let upper: String = letter.to_uppercase().collect();
                let base_upper = base.to_ascii_uppercase();
                for form in [
                    letter.to_string(),
                    upper.clone(),
                    decompose(base, shape, tone),
                    decompose(base_upper, shape, tone),
                ] {
                    assert_eq!(fold(&form), base.to_string(), "{form:?}");
                    checked += 1;
                }
                assert_eq!(nfd(&upper), decompose(base_upper, shape, tone));
            }
        }
        assert_eq!(checked, 12 * 6 * 4);
    }

    #[test]
    fn d_with_stroke_folds_to_d() {
        assert_eq!(fold("đĐ"), "dd");
    }

    #[test]
    fn case_whitespace_and_punctuation() {
        assert_eq!(fold("  Sở  KH&ĐT\n\t2021 "), "so khdt 2021");
        assert_eq!(fold("A & B"), "a & b");
        assert_eq!(fold("Quý I/2021 – “Đoàn kết”"), "quy i/2021 – “doan ket”");
        assert_eq!(fold(" \n "), "");
    }

    #[test]
    fn tone_placement_old_and_new_fold_alike() {
        for (old, new) in [("hoá", "hóa"), ("thuỷ", "thủy"), ("oà", "òa"), ("uý", "úy")] {
            assert_eq!(fold(old), fold(new));
        }
    }

    #[test]
    fn nfd_from_an_independent_normaliser_folds_like_nfc() {
        // NFD strings produced by Python's unicodedata.normalize.
        let pairs = [
            (
                "Phát huy, giữ gìn bản sắc văn hóa",
                "Pha\u{301}t huy, giu\u{31b}\u{303} gi\u{300}n ba\u{309}n sa\u{306}\u{301}c va\u{306}n ho\u{301}a",
            ),
            (
                "Thủy lợi, NGẦM HÓA lưới điện; Sở KH&ĐT",
                "Thu\u{309}y lo\u{31b}\u{323}i, NGA\u{302}\u{300}M HO\u{301}A lu\u{31b}o\u{31b}\u{301}i \u{111}ie\u{323}\u{302}n; So\u{31b}\u{309} KH&\u{110}T",
            ),
            (
                "Ưu tiên Ổn định, Quý I/2021: Đẩy mạnh ỨNG DỤNG",
                "U\u{31b}u tie\u{302}n O\u{302}\u{309}n \u{111}i\u{323}nh, Quy\u{301} I/2021: \u{110}a\u{302}\u{309}y ma\u{323}nh U\u{31b}\u{301}NG DU\u{323}NG",
            ),
        ];
        for (nfc, reference) in pairs {
            assert_eq!(nfd(nfc), reference, "the test's own NFD agrees");
            assert_eq!(fold(reference), fold(nfc));
        }
    }

    #[test]
    fn the_whole_plan_folds_to_lowercase_without_marks() {
        let plan = include_str!("../seeds/ke-hoach-22-KH-UBND-2021.txt");
        let folded = fold(plan);
        assert!(folded.chars().all(|c| !c.is_uppercase()
            && !('\u{300}'..='\u{36f}').contains(&c)
            && !"đăâêôơư".contains(c)));
        assert_eq!(fold(&nfd(plan)), folded);
    }
}

mod matching {
    use super::*;

    #[test]
    fn unaccented_query_finds_accented_text_and_highlights_the_original() {
        let idx = index(&["Triển khai ngầm hóa lưới điện", "Không liên quan"]);
        let hits = idx.search("ngam hoa", 10);
        assert_eq!(docs_of(&hits), vec![0]);
        assert_eq!(highlighted(&hits[0]), vec!["ngầm hóa"]);
    }

    #[test]
    fn d_finds_d_with_stroke_in_both_cases() {
        let idx = index(&["Đảng bộ tỉnh", "đất đai", "xây dựng", "không có"]);
        assert_eq!(docs_of(&idx.search("d", 10)), vec![0, 1, 2]);
        let hits = idx.search("D", 10);
        assert_eq!(highlighted(&hits[0]), vec!["Đ"]);
        assert_eq!(docs_of(&index(&["Sở KH&ĐT"]).search("kh&dt", 1)), vec![0]);
    }

    #[test]
    fn thuy_finds_both_tone_placements() {
        let idx = index(&["thuỷ lợi", "thủy sản", "thúy"]);
        assert_eq!(docs_of(&idx.search("thuy", 10)), vec![0, 1, 2]);
        let hits = idx.search("thủy", 10);
        assert_eq!(docs_of(&hits), vec![0, 1, 2]);
        assert_eq!(hits[0].score, hits[1].score);
        assert!(hits[1].score > hits[2].score);
    }

    #[test]
    fn accented_query_ranks_either_tone_placement_equally() {
        let idx = index(&["văn hoa", "văn hoá", "văn hóa"]);
        for query in ["hóa", "hoá", "ho\u{301}a", "hoa\u{301}"] {
            let hits = idx.search(query, 10);
            assert_eq!(docs_of(&hits), vec![1, 2, 0], "{query}");
            assert_eq!(hits[0].score, hits[1].score, "{query}");
            assert!(hits[1].score > hits[2].score, "{query}");
        }
    }

    #[test]
    fn nfd_query_finds_nfc_text_and_the_reverse() {
        let nfc_text = "Ngầm hóa lưới điện";
        let nfd_text = nfd(nfc_text);
        let idx = index(&[nfc_text, &nfd_text]);
        for query in ["ngầm hóa", &nfd("ngầm hóa")] {
            let hits = idx.search(query, 10);
            assert_eq!(docs_of(&hits), vec![0, 1], "{query:?}");
            assert_eq!(hits[0].score, hits[1].score, "{query:?}");
            assert_eq!(highlighted(&hits[0]), vec!["Ngầm hóa"]);
            // The marks after the last letter belong to the highlight.
            assert_eq!(highlighted(&hits[1]), vec![nfd("Ngầm hóa")]);
        }
    }

    #[test]
    fn every_word_must_occur_anywhere() {
        let idx = index(&["kinh tế xã hội", "xã hội", "hội nhập kinh tế"]);
        assert_eq!(docs_of(&idx.search("xa kinh", 10)), vec![0]);
        assert_eq!(docs_of(&idx.search("te kinh hoi", 10)), vec![0, 2]);
        assert!(idx.search("kinh doanh", 10).is_empty());
    }

    #[test]
    fn blank_query_or_zero_limit_finds_nothing() {
        let idx = index(&["kinh tế"]);
        assert!(idx.search("", 10).is_empty());
        assert!(idx.search(" \t\n ", 10).is_empty());
        assert!(idx.search("\u{301}", 10).is_empty());
        assert!(idx.search("kinh", 0).is_empty());
        assert!(SearchIndex::default().search("kinh", 10).is_empty());
    }

    #[test]
    fn repeated_query_words_count_once() {
        let idx = index(&["hoa sen", "hoa hoa"]);
        let hits = idx.search("hoa hoa", 10);
        assert_eq!(docs_of(&hits), vec![1, 0]);
    }

    #[test]
    fn pushed_documents_are_found_after_the_others() {
        let mut idx = index(&["ghi chú một"]);
        assert_eq!(idx.len(), 1);
        idx.push(SearchDoc {
            id: "note-2".into(),
            location: "Nhiệm vụ 3".into(),
            text: "Ghi chú hai".into(),
        });
        assert_eq!(idx.len(), 2);
        assert!(!idx.is_empty());
        assert_eq!(docs_of(&idx.search("ghi chu", 10)), vec![0, 1]);
        assert_eq!(docs_of(&idx.search("hai", 10)), vec![1]);
        assert_eq!(idx.docs()[1].id, "note-2");
    }

    #[test]
    fn location_is_not_searched() {
        let idx = index(&["kinh tế"]);
        assert!(idx.search("Mục", 10).is_empty());
    }
}

mod ranking {
    use super::*;

    #[test]
    fn exact_phrase_beats_scattered_words() {
        let idx = index(&["hóa chất và ngầm", "ngầm hóa"]);
        assert_eq!(docs_of(&idx.search("ngam hoa", 10)), vec![1, 0]);
    }

    #[test]
    fn word_start_beats_mid_word() {
        let idx = index(&["khoa học", "hoa sen"]);
        assert_eq!(docs_of(&idx.search("hoa", 10)), vec![1, 0]);
    }

    #[test]
    fn word_start_beats_matching_diacritics_mid_word() {
        let idx = index(&["khoá học", "hoa sen"]);
        assert_eq!(docs_of(&idx.search("hoá", 10)), vec![1, 0]);
    }

    #[test]
    fn whole_word_beats_prefix() {
        let idx = index(&["hoang", "hoan", "hoa"]);
        assert_eq!(docs_of(&idx.search("hoa", 10)), vec![2, 0, 1]);
    }

    #[test]
    fn typed_diacritics_rank_matching_documents_first() {
        let idx = index(&["hoa", "hóa", "hòa", "họa"]);
        let hits = idx.search("hòa", 10);
        assert_eq!(docs_of(&hits), vec![2, 0, 1, 3]);
        assert!(hits[0].score > hits[1].score);
        assert_eq!(hits[1].score, hits[3].score);
        // `d` typed with another accented word must not match `đ` in accent.
        let idx = index(&["đi học", "di học"]);
        assert_eq!(docs_of(&idx.search("di học", 10)), vec![1, 0]);
    }

    #[test]
    fn no_diacritics_typed_means_no_accent_preference() {
        let idx = index(&["hòa", "hoa"]);
        let hits = idx.search("hoa", 10);
        assert_eq!(docs_of(&hits), vec![0, 1]);
        assert_eq!(hits[0].score, hits[1].score);
    }

    #[test]
    fn shorter_documents_are_slightly_preferred() {
        let long = format!("Phát triển kinh tế {}", "và xã hội bền vững ".repeat(10));
        let idx = index(&[&long, "Kinh tế"]);
        assert_eq!(docs_of(&idx.search("kinh te", 10)), vec![1, 0]);
        // Slightly: a word-start match in a long text still beats a
        // mid-word match in a short one.
        let idx = index(&[&long, "Kinhtế"]);
        assert_eq!(docs_of(&idx.search("te", 10)), vec![0, 1]);
    }

    #[test]
    fn ties_keep_document_order() {
        let idx = index(&["kinh tế"; 7]);
        let hits = idx.search("kinh", 4);
        assert_eq!(docs_of(&hits), vec![0, 1, 2, 3]);
    }

    #[test]
    fn limit_keeps_the_best_in_the_same_order() {
        let texts = [
            "khoa học",
            "hoa sen",
            "văn hóa",
            "hoá học",
            "hoang",
            "hoa",
            "thoả",
        ];
        let idx = index(&texts);
        for query in ["hoa", "hóa", "hoa hoc"] {
            let all = idx.search(query, 100);
            for limit in 1..=all.len() {
                assert_eq!(
                    idx.search(query, limit),
                    all[..limit].to_vec(),
                    "{query} {limit}"
                );
            }
        }
    }
}

mod snippets {
    use super::*;

    fn long_text() -> String {
        format!(
            "{}đã triển khai ngầm hóa lưới điện{}",
            "Mở đầu của văn bản ".repeat(12),
            " và các việc khác sau đó".repeat(12)
        )
    }

    #[test]
    fn long_text_is_cut_around_the_match_with_ellipses() {
        let text = long_text();
        let hits = index(&[&text]).search("ngam hoa", 1);
        let snippet = &hits[0].snippet;
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        let inner = snippet.text.trim_matches('…');
        let at = text.find(inner).expect("snippet is original text");
        assert!(text[..at].ends_with(' ') && text[at + inner.len()..].starts_with(' '));
        let chars = inner.chars().count();
        assert!(
            (SNIPPET_CHARS - 30..=SNIPPET_CHARS).contains(&chars),
            "{chars}"
        );
        assert_eq!(highlighted(&hits[0]), vec!["ngầm hóa"]);
    }

    #[test]
    fn match_near_the_start_has_no_leading_ellipsis() {
        let text = format!("Ngầm hóa {}", "lưới điện ".repeat(30));
        let hits = index(&[&text]).search("ngam", 1);
        let snippet = &hits[0].snippet;
        assert!(snippet.text.starts_with("Ngầm hóa") && snippet.text.ends_with('…'));
        assert_eq!(snippet.highlights, vec![(0, "Ngầm".len())]);
    }

    #[test]
    fn match_near_the_end_has_no_trailing_ellipsis() {
        let text = format!("{}ngầm hóa.", "lưới điện ".repeat(30));
        let hits = index(&[&text]).search("hoa", 1);
        let snippet = &hits[0].snippet;
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with("ngầm hóa."));
        assert_eq!(highlighted(&hits[0]), vec!["hóa"]);
    }

    #[test]
    fn scattered_words_are_highlighted_each_time() {
        let hits = index(&["Hóa chất, ngầm và hoá học"]).search("hoa ngam", 1);
        assert_eq!(highlighted(&hits[0]), vec!["Hóa", "ngầm", "hoá"]);
    }
}

mod plan {
    use super::*;

    fn plan_index() -> SearchIndex {
        let plan = include_str!("../seeds/ke-hoach-22-KH-UBND-2021.txt");
        let lines = plan.lines().filter(|l| !l.trim().is_empty());
        SearchIndex::new(
            lines
                .enumerate()
                .map(|(i, line)| SearchDoc {
                    id: format!("line-{i}"),
                    location: String::new(),
                    text: line.to_string(),
                })
                .collect(),
        )
    }

    #[test]
    fn every_hit_for_van_hoa_shows_van_hoa() {
        let idx = plan_index();
        let hits = idx.search("van hoa", 100);
        let expected = idx
            .docs()
            .iter()
            .filter(|d| fold(&d.text).contains("van") && fold(&d.text).contains("hoa"))
            .count();
        assert_eq!(hits.len(), expected);
        assert!(hits.len() >= 3);
        assert!(hits[0]
            .snippet
            .highlights
            .iter()
            .any(|&(a, b)| fold(&hits[0].snippet.text[a..b]) == "van hoa"));
    }

    #[test]
    fn old_tone_placement_finds_the_new_one_in_the_plan() {
        let idx = plan_index();
        let new = idx.search("HÒA XÃ HỘI", 5);
        let old = idx.search("hoà xã hội", 5);
        assert_eq!(new, old);
        assert_eq!(highlighted(&new[0]), vec!["HÒA XÃ HỘI"]);
    }

    #[test]
    fn the_signer_is_found_without_diacritics() {
        let hits = plan_index().search("nguyen duc chin", 5);
        assert!(!hits.is_empty());
        assert_eq!(highlighted(&hits[0]), vec!["Nguyễn Đức Chín"]);
    }
}

mod properties {
    use super::*;

    /// Vietnamese text: letters of every tone in both cases, ASCII
    /// consonants, spaces and punctuation.
    fn vietnamese() -> impl Strategy<Value = String> {
        let mut alphabet: Vec<char> = VOWELS.iter().flat_map(|(f, _, _)| f.chars()).collect();
        alphabet.extend("bcdđghklmnpqrstvx".chars());
        let upper: Vec<char> = alphabet.iter().flat_map(|c| c.to_uppercase()).collect();
        alphabet.extend(upper);
        alphabet.extend(" \n\t,.-&/0123456789".chars());
        proptest::collection::vec(proptest::sample::select(alphabet), 0..40)
            .prop_map(|chars| chars.into_iter().collect())
    }

    const VOCABULARY: [&str; 16] = [
        "ngầm", "hóa", "hoá", "hoa", "khoa", "thủy", "thuỷ", "Đảng", "đất", "dân", "kinh", "tế",
        "KH&ĐT", "học", "2021", "–",
    ];

    fn words(max: usize) -> impl Strategy<Value = Vec<&'static str>> {
        proptest::collection::vec(proptest::sample::select(&VOCABULARY[..]), 1..max)
    }

    /// Documents from the vocabulary, some in NFD, and a query from it.
    fn corpus() -> impl Strategy<Value = (Vec<String>, String)> {
        let doc = (words(30), any::<bool>()).prop_map(|(w, decomposed)| {
            let text = w.join(" ");
            if decomposed {
                nfd(&text)
            } else {
                text
            }
        });
        (
            proptest::collection::vec(doc, 1..25),
            words(4).prop_map(|w| w.join(" ")),
        )
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn fold_is_idempotent_on_vietnamese(s in vietnamese()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn nfd_folds_like_nfc(s in vietnamese()) {
            prop_assert_eq!(fold(&nfd(&s)), fold(&s));
        }

        #[test]
        fn nfd_documents_score_like_nfc_ones(s in vietnamese(), query in vietnamese()) {
            let idx = index(&[&s, &nfd(&s)]);
            let hits = idx.search(&query, 2);
            prop_assert!(hits.len() != 1);
            if hits.len() == 2 {
                prop_assert_eq!(hits[0].score, hits[1].score);
            }
        }

        #[test]
        fn hits_are_exactly_the_documents_with_every_word((docs, query) in corpus()) {
            let texts: Vec<&str> = docs.iter().map(String::as_str).collect();
            let idx = index(&texts);
            let hits = idx.search(&query, docs.len());
            let folded_query = fold(&query);
            let query_words: Vec<&str> = folded_query.split(' ').collect();
            let expected: Vec<usize> = (0..docs.len())
                .filter(|&d| query_words.iter().all(|w| fold(&docs[d]).contains(w)))
                .collect();
            let mut found = docs_of(&hits);
            found.sort_unstable();
            prop_assert_eq!(found, expected);
            for pair in hits.windows(2) {
                prop_assert!(
                    (pair[0].score, std::cmp::Reverse(pair[0].doc))
                        > (pair[1].score, std::cmp::Reverse(pair[1].doc))
                );
            }
        }

        #[test]
        fn highlights_are_ordered_char_ranges_on_matches((docs, query) in corpus()) {
            let texts: Vec<&str> = docs.iter().map(String::as_str).collect();
            let folded_query = fold(&query);
            for hit in index(&texts).search(&query, docs.len()) {
                let text = &hit.snippet.text;
                prop_assert!(!hit.snippet.highlights.is_empty());
                let mut previous_end = 0;
                for &(a, b) in &hit.snippet.highlights {
                    prop_assert!(previous_end <= a && a < b && b <= text.len());
                    prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                    let shown = fold(&text[a..b]);
                    prop_assert!(
                        folded_query.split(' ').any(|w| shown.contains(w)),
                        "{:?} matches no word of {:?}", shown, folded_query
                    );
                    previous_end = b;
                }
            }
        }
    }
}
