"""Did you mean…? Close words of the index for the words of a search that found nothing.

The vocabulary is SearchTerm: every folded word of the index. A word of the query that is not
in it is replaced by the nearest words (Damerau-Levenshtein distance 1, or 2 for words of five
letters or more), the one in more records first. A suggestion is offered only if it finds
something with the same filters.

Wrong or missing tone marks never need a suggestion: the search is accent-insensitive.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db.models import Q
from django.db.models.functions import Length

from libnet.core import text
from libnet.search.analysis import is_vocabulary_word
from libnet.search.models import SearchTerm
from libnet.search.query import ParsedQuery

MAX_SUGGESTIONS = 3
_CHOICES_PER_WORD = 3
# How many equally near words are weighed by frequency (a COUNT each, on an empty result only).
_WEIGHED = 8
_WORD = re.compile(r"[^\W_]+")


def suggestions(
    query: str,
    parsed: ParsedQuery,
    *,
    is_found: Callable[[str], bool],
    frequency: Callable[[str], int],
) -> list[str]:
    """Return up to MAX_SUGGESTIONS rewritings of `query` that `is_found` accepts.

    `frequency(word)` says in how many records a folded word is, to prefer the common one
    among words equally near.
    """
    words: list[str] = []
    for term in parsed.terms:
        if term.field in {"isbn", "class"}:
            continue
        # The last word of a prefix search is a beginning, not a word.
        tokens = term.folded[:-1] if term.prefix else term.folded
        words.extend(token for token in tokens if len(token) >= 2 and is_vocabulary_word(token))
    words = list(dict.fromkeys(words))
    known = set(SearchTerm.objects.filter(term__in=words).values_list("term", flat=True))
    choices = {word: _closest(word, frequency) for word in words if word not in known}
    if not any(choices.values()):
        return []
    # The best choice for every word first, then the next choices one word at a time.
    rewrites = [{word: options[0] for word, options in choices.items() if options}]
    for word, options in choices.items():
        for option in options[1:]:
            rewrites.append({**rewrites[0], word: option})
    found: list[str] = []
    for rewrite in rewrites:
        candidate = _rewrite(query, rewrite)
        if candidate not in found and candidate != query and is_found(candidate):
            found.append(candidate)
        if len(found) >= MAX_SUGGESTIONS:
            break
    return found


def _closest(word: str, frequency: Callable[[str], int]) -> list[tuple[str, str]]:
    """The nearest vocabulary words to `word`, as (folded, exact example), the most frequent
    first among equally near ones."""
    limit = 1 if len(word) <= 4 else 2
    near = Q(term__gte=word[0], term__lt=chr(ord(word[0]) + 1))
    if len(word) >= 4:
        near |= Q(term__endswith=word[1:])  # a slip on the first letter
    rows = (
        SearchTerm.objects.annotate(length=Length("term"))
        .filter(near, length__gte=len(word) - limit, length__lte=len(word) + limit)
        .values_list("term", "example")
    )
    scored = []
    for term, example in rows:
        distance = edit_distance(word, term, limit)
        if distance <= limit:
            scored.append((distance, term, example or term))
    if not scored:
        return []
    # Only the nearest: a word one slip away is meant; one two slips away is a guess.
    best = min(distance for distance, _term, _example in scored)
    nearest = sorted(entry for entry in scored if entry[0] == best)[:_WEIGHED]
    weighed = sorted(nearest, key=lambda entry: (-frequency(entry[1]), entry[1]))
    return [(term, example) for _distance, term, example in weighed[:_CHOICES_PER_WORD]]


def edit_distance(first: str, second: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), or `limit + 1` past `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for i, first_char in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, second_char in enumerate(second, start=1):
            cost = 0 if first_char == second_char else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and first_char == second[j - 2] and first[i - 2] == second_char:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def _rewrite(query: str, replacements: dict[str, tuple[str, str]]) -> str:
    """`query` with each word whose folded form is replaced: in the reader's style, with marks
    if they typed marks, without if they did not."""
    source = text.nfc(query)

    def replace(match: re.Match[str]) -> str:
        typed = match.group()
        folded = text.fold(typed)
        if folded not in replacements:
            return typed
        plain, exact = replacements[folded]
        word = exact if folded != typed.lower() else plain
        return word[:1].upper() + word[1:] if typed[:1].isupper() else word

    return _WORD.sub(replace, source)
