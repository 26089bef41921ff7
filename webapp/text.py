"""Text handling shared by triage, theme grouping and reports.

One place for the rules of how customer text is cut into sentences and words, so that
triage and the future-need themes see the same units. Japanese is analysed with
fugashi (MeCab) and the unidic-lite dictionary: it is fast (~30 µs a sentence), ships
its dictionary as a PyPI wheel and gives dictionary forms, so 決めています and 決める
meet. English gets a light, rule-based stemmer: plurals and common verb endings only,
which is enough for matching needs to catalog words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Sentence ends: Japanese full stops and marks, English ., ! and ? followed by space,
# and line breaks. Bullets ("・", "-", "*") at a line start also begin a statement.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.;])\s+|\n+|(?<=[．])")
_BULLET = re.compile(r"^\s*(?:[・\-*•●■□◆◇]|\d+[.)、])\s*")
_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_EN_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

# Parts of speech that carry meaning (unidic pos1 names).
_JA_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞"}

EN_STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by",
     "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "being",
     "it", "its", "this", "that", "these", "those", "we", "our", "us", "i", "my", "me",
     "you", "your", "they", "their", "them", "he", "she", "his", "her", "do", "does",
     "did", "doing", "have", "has", "had", "having", "can", "could", "would", "should",
     "will", "shall", "may", "might", "must", "so", "than", "then", "there", "here",
     "what", "which", "who", "whom", "when", "where", "why", "how", "all", "any",
     "each", "some", "such", "very", "just", "also", "too", "only", "own", "same",
     "not", "no", "nor", "into", "out", "up", "down", "over", "under", "again",
     "further", "once", "about", "against", "between", "through", "during", "before",
     "after", "above", "below", "off", "more", "most", "other", "s", "t", "don", "dont",
     "isn", "wasn", "am"]
)

JA_STOP_LEMMAS = frozenset(
    ["為る", "居る", "有る", "成る", "事", "物", "為", "所", "様", "御座る", "出来る",
     "言う", "思う", "下さる", "頂く", "致す", "参る", "見る", "其れ", "此れ", "何"]
)


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII, half-width kana to full) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def is_japanese(text: str) -> bool:
    return bool(_JA_CHAR.search(text or ""))


def split_sentences(text: str) -> list[str]:
    """Cut an answer into statements on Japanese and English sentence boundaries.

    Keeps the customer's own characters (no normalisation) so a statement can be quoted.
    """
    if not text:
        return []
    out: list[str] = []
    for part in _SENTENCE_END.split(text):
        part = _BULLET.sub("", part or "").strip()
        if part and re.search(r"\w", part):
            out.append(part)
    return out


@lru_cache(maxsize=1)
def _tagger():
    from fugashi import Tagger  # imported lazily: only Japanese text needs it

    return Tagger()


def _en_stem(word: str) -> str:
    """Strip the commonest English endings; deliberately crude and predictable."""
    for suffix, repl, min_len in (
        ("ies", "y", 5), ("ing", "", 6), ("ed", "", 5), ("es", "", 5), ("s", "", 4),
    ):
        if len(word) >= min_len and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def _ja_words(norm: str):
    """(start in `norm` or -1, surface, pos1, pos2, dictionary form) of each MeCab word,
    the one walk over a Japanese text that `tokens` and `content_word_spans` share."""
    pos = 0
    for word in _tagger()(norm):
        surface = word.surface
        at = norm.find(surface, pos)
        if at >= 0:
            pos = at + len(surface)
        feat = word.feature
        yield (at, surface, getattr(feat, "pos1", None), getattr(feat, "pos2", None),
               getattr(feat, "lemma", None) or surface)


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Content words in dictionary form, lower case; language detected per text.

    Mixed text (English product names inside Japanese sentences) yields both kinds.
    """
    norm = normalize(text)
    out: list[str] = []
    if is_japanese(norm):
        for _at, surface, pos, _pos2, lemma in _ja_words(norm):
            if pos == "補助記号" or pos == "記号":
                continue
            if re.fullmatch(r"[a-z0-9]+", surface):
                if surface not in EN_STOPWORDS:
                    out.append(_en_stem(surface))
                continue
            if pos in _JA_CONTENT_POS and lemma not in JA_STOP_LEMMAS:
                out.append(lemma.split("-")[0])
    else:
        out = [_en_stem(w) for w in _EN_WORD.findall(norm) if w not in EN_STOPWORDS]
    return tuple(out)


def char_ngrams(text: str, n: int = 2) -> frozenset[str]:
    """Character n-grams of the normalised text without spaces and punctuation."""
    s = re.sub(r"[\W_]+", "", normalize(text))
    if len(s) < n:
        return frozenset([s]) if s else frozenset()
    return frozenset(s[i : i + n] for i in range(len(s) - n + 1))


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


_EN_SPAN = re.compile(r"[a-z][a-z0-9']*[a-z0-9]|[a-z]")
_JA_NOUN_POS2 = {"普通名詞", "固有名詞"}
# nouns that only hold a sentence together (こと, ため, 方...) or name nobody in particular
_JA_FORMAL = frozenset(["こと", "もの", "ため", "よう", "方", "時", "際", "場合", "今", "前", "後", "中",
                        "皆", "皆さん", "毎回", "今回", "以前", "最近", "全部", "全て", "一つ", "一緒",
                        "自分", "気", "感じ", "形", "ところ", "所", "うち", "他", "ほか", "みんな",
                        "お客様", "お客さま", "客", "様", "さん", "方々", "ご", "お"])


def content_word_spans(norm: str) -> list[tuple[int, int, str, str]]:
    """(start, end, base form, surface) of the words that carry what a normalised text
    is about: Japanese common and proper nouns, English words that are not function
    words. Base forms are those of `tokens`, so they meet catalog words."""
    out: list[tuple[int, int, str, str]] = []
    if is_japanese(norm):
        for at, surface, pos1, pos2, lemma in _ja_words(norm):
            if at < 0:
                continue
            end = at + len(surface)
            if re.fullmatch(r"[a-z][a-z0-9]+", surface):
                if surface not in EN_STOPWORDS:
                    out.append((at, end, _en_stem(surface), surface))
                continue
            if pos1 != "名詞" or pos2 not in _JA_NOUN_POS2:
                continue
            base = lemma.split("-")[0]
            one_kana = len(surface) < 2 and not re.match(r"[一-龥]", surface)
            if surface in _JA_FORMAL or base in _JA_FORMAL or one_kana:
                continue
            out.append((at, end, base, surface))
    else:
        for m in _EN_SPAN.finditer(norm):
            word = m.group(0)
            if word in EN_STOPWORDS or len(word) < 3 or "'" in word:
                continue
            out.append((m.start(), m.end(), _en_stem(word), word))
    return out
