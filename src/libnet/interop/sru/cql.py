"""CQL, the query language of SRU, read into the catalogue search's own query.

The text is parsed by cql-parser (the CQL 1.2 grammar of the Library of Congress, as the
CLARIN federated search uses it); this module walks its tree and builds the ParsedQuery of
libnet.search, so an SRU search is ranked, folded and filtered by the one engine the public
catalogue uses: `cql.anywhere = "truyen kieu"` is the OPAC's `truyen kieu`, term for term.

Indexes (unprefixed names are looked up in dc, then cql, then bath):

    cql.anywhere, cql.serverChoice, cql.keywords, cql.allIndexes   any field
    dc.title  dc.creator  dc.subject  dc.publisher                   one field
    dc.date                                                          year of publication
    bath.isbn  bath.issn                                             ISBN (any form) or ISSN
    cql.allRecords                                                   every record

Relations on words: `=` and `all` (every word, in any order: the OPAC's way), `any` (one of
the words), `adj` and `==` (the words together, in order). On dc.date: `=` `==` `<` `>` `<=`
`>=` and `within "2010 2020"`. A trailing `*` ends a word's prefix (at least two letters).
AND, OR and NOT combine clauses; PROX, sorting and other masks are refused with the
standard diagnostic. Every refusal is an SruDiagnostic.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from cql.lexer import CQLLexer, CQLLexerError
from cql.parser import (
    CQLParser12,
    CQLParserError,
    CQLPrefix,
    CQLQuery,
    CQLSearchClause,
    CQLTriple,
)
from django.utils.translation import gettext_lazy as _

from libnet.interop.sru.errors import SruDiagnostic
from libnet.search import documents
from libnet.search.backends.base import MAX_YEAR_TAGS
from libnet.search.errors import QuerySyntaxError
from libnet.search.query import (
    ANY,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    MIN_PREFIX_LENGTH,
    Boolean,
    Clause,
    ParsedQuery,
    Tags,
    Term,
    positive_terms,
    read_term,
)

MAX_TERM_LENGTH = 200
YEAR_MIN, YEAR_MAX = 1, 9999

Kind = Literal["words", "code", "date", "all"]


@dataclass(frozen=True)
class Index:
    """A searchable index: its CQL name and what it searches in the engine."""

    name: str  # as explain lists it, e.g. "dc.title"
    kind: Kind
    field: str = ANY  # the engine's field (query.FIELDS) for words and codes
    title: str = ""


INDEXES: tuple[Index, ...] = (
    Index("cql.anywhere", "words", ANY, "Any field"),
    Index("cql.serverChoice", "words", ANY, "Any field (the server's choice)"),
    Index("cql.keywords", "words", ANY, "Keywords in any field"),
    Index("cql.allIndexes", "words", ANY, "Any field"),
    Index("cql.allRecords", "all", title="Every record"),
    Index("dc.title", "words", "title", "Title"),
    Index("dc.creator", "words", "author", "Author"),
    Index("dc.subject", "words", "subject", "Subject"),
    Index("dc.publisher", "words", "publisher", "Publisher"),
    Index("dc.date", "date", title="Year of publication"),
    Index("bath.isbn", "code", "isbn", "ISBN"),
    Index("bath.issn", "code", "isbn", "ISSN"),
)
_BY_NAME = {index.name.lower(): index for index in INDEXES}

# Context sets: their identifiers, and the short names a query may give them.
CONTEXT_SETS = {
    "cql": "info:srw/cql-context-set/1/cql-v1.2",
    "dc": "info:srw/cql-context-set/1/dc-v1.1",
    "bath": "http://zing.z3950.org/cql/bath/2.0/",
}
_SET_BY_IDENTIFIER = {
    **{identifier.lower(): name for name, identifier in CONTEXT_SETS.items()},
    "info:srw/cql-context-set/1/cql-v1.1": "cql",
}
# Where an index without a prefix is looked for.
_DEFAULT_SETS = ("dc", "cql", "bath")

_RELATIONS = {"=", "==", "<>", "<", ">", "<=", ">=", "all", "any", "adj", "within", "encloses"}
# The relations each kind of index takes, as explain lists them.
RELATIONS_BY_KIND: dict[Kind, tuple[str, ...]] = {
    "words": ("=", "all", "any", "adj", "=="),
    "code": ("=", "==", "any"),
    "date": ("=", "==", "<", ">", "<=", ">=", "within", "any"),
    "all": ("=", "=="),
}
# Modifiers that describe what the engine does anyway: ranked, case- and accent-folded,
# `*` read as a mask, words compared as words.
_HARMLESS_MODIFIERS = {"relevant", "ignorecase", "ignoreaccents", "masked", "word"}


@dataclass(frozen=True)
class _Years:
    first: int | None
    last: int | None


@dataclass(frozen=True)
class _Everything:
    pass


@dataclass(frozen=True)
class _Node:
    operator: Literal["and", "or", "not"]
    left: _Tree
    right: _Tree


_Tree: TypeAlias = "Term | _Years | _Everything | _Node"
_OPERATORS: dict[str, Literal["and", "or", "not"]] = {"and": "and", "or": "or", "not": "not"}


def translate(text: str) -> ParsedQuery:
    """Read a CQL query into the search engine's query. Raises SruDiagnostic."""
    if len(text) > MAX_QUERY_LENGTH:
        raise SruDiagnostic("query_too_long", details=str(MAX_QUERY_LENGTH))
    if not text.strip():
        raise SruDiagnostic("query_syntax", details="empty query")
    tree = _read(_parse(text), dict(zip(CONTEXT_SETS, CONTEXT_SETS, strict=True)))
    return _parsed_query(tree)


# --- parsing --------------------------------------------------------------------------------

_parsers = threading.local()


def _parser() -> CQLParser12:
    """This thread's parser: ply's parsers keep their state while they work."""
    parser: CQLParser12 | None = getattr(_parsers, "parser", None)
    if parser is None:
        lexer = CQLLexer()
        lexer.build()
        parser = CQLParser12()
        # cql-parser annotates ply's Lexer here but takes its own CQLLexer, as cql.parse does.
        parser.build(lexer)  # type: ignore[arg-type]
        _parsers.parser = parser
    return parser


def _parse(text: str) -> CQLTriple | CQLSearchClause:
    try:
        query = _parser().parse(text)
    except CQLLexerError as error:
        # The lexer meets a lone quotation mark as a character no token begins with.
        token = error.args[1] if len(error.args) > 1 else None
        if token is not None and str(getattr(token, "value", ""))[:1] == '"':
            raise SruDiagnostic("quotes", details=str(token.lexpos)) from error
        raise SruDiagnostic("query_syntax", details=str(error.args[0])) from error
    except CQLParserError as error:
        message = str(error)
        if "parenthesis" in message:
            raise SruDiagnostic("parentheses", details=message) from error
        raise SruDiagnostic("query_syntax", details=message) from error
    root = query.root if isinstance(query, CQLQuery) else query
    if not isinstance(root, CQLTriple | CQLSearchClause):
        raise SruDiagnostic("query_syntax", details="empty query")
    if root.sortSpecs:
        raise SruDiagnostic("sort_not_supported", details="sortBy")
    return root


# --- the tree -------------------------------------------------------------------------------


def _read(node: Any, prefixes: dict[str, str]) -> _Tree:
    if isinstance(node, CQLQuery):
        node = node.root
    if node.prefixes:
        prefixes = {**prefixes, **_assigned(node.prefixes)}
    if isinstance(node, CQLTriple):
        operator = str(node.operator.value).lower()
        if operator == "prox":
            raise SruDiagnostic("proximity_not_supported", details="prox")
        if node.operator.modifiers:
            raise SruDiagnostic(
                "unsupported_boolean_modifier", details=str(node.operator.modifiers[0].name)
            )
        joined = _OPERATORS.get(operator)
        if joined is None:  # the grammar has no other boolean; to be sure
            raise SruDiagnostic("query_syntax", details=operator)
        return _Node(joined, _read(node.left, prefixes), _read(node.right, prefixes))
    return _clause(node, prefixes)


def _assigned(assignments: list[CQLPrefix]) -> dict[str, str]:
    """The prefixes `> dc = "info:srw/cql-context-set/1/dc-v1.1"` assigns (an unnamed one
    sets the default set, kept under the empty name)."""
    found: dict[str, str] = {}
    for assignment in assignments:
        known = _SET_BY_IDENTIFIER.get(str(assignment.uri).strip().lower())
        if known is None:
            raise SruDiagnostic("unsupported_context_set", details=str(assignment.uri))
        found[str(assignment.prefix or "").lower()] = known
    return found


def _index(name: str, prefixes: dict[str, str], *, strict: bool = True) -> Index | None:
    prefix, _dot, basename = name.lower().rpartition(".")
    if prefix:
        context_set = prefixes.get(prefix)
        if context_set is None:
            if strict:
                raise SruDiagnostic("unsupported_context_set", details=prefix)
            return None
        found = _BY_NAME.get(f"{context_set}.{basename}")
    else:
        default = prefixes.get("")
        sets = (default,) if default else _DEFAULT_SETS
        found = next(
            (_BY_NAME[f"{s}.{basename}"] for s in sets if f"{s}.{basename}" in _BY_NAME), None
        )
    if found is None and strict:
        raise SruDiagnostic("unsupported_index", details=name)
    return found


def _clause(node: CQLSearchClause, prefixes: dict[str, str]) -> _Tree:
    name = str(node.index) if node.index is not None else "cql.serverChoice"
    relation = str(node.relation.comparitor).lower() if node.relation is not None else "="
    index = _index(name, prefixes)
    assert index is not None  # strict: raised otherwise
    if relation == "scr":  # CQL 1.1's name for "="
        relation = "="
    if relation not in _RELATIONS:
        raise SruDiagnostic("unsupported_relation", details=relation)
    for modifier in (node.relation.modifiers if node.relation is not None else None) or []:
        modifier_name = str(getattr(modifier.name, "basename", modifier.name)).lower()
        if modifier_name not in _HARMLESS_MODIFIERS:
            raise SruDiagnostic("unsupported_relation_modifier", details=str(modifier.name))
    if relation not in RELATIONS_BY_KIND[index.kind]:
        if relation in {"<>", "encloses"}:
            raise SruDiagnostic("unsupported_relation", details=relation)
        raise SruDiagnostic("unsupported_relation_for_index", details=f"{index.name} {relation}")
    term = str(node.term)
    if len(term) > MAX_TERM_LENGTH:
        raise SruDiagnostic("term_too_long", details=str(MAX_TERM_LENGTH))
    if index.kind == "all":
        return _Everything()
    if not term.strip():
        raise SruDiagnostic("empty_term", details="")
    value, masked = _unescape(term)
    if index.kind == "date":
        return _years(index, relation, value, term)
    if masked and index.kind == "code":
        raise SruDiagnostic("masking_not_supported", details="*", term=term)
    if relation in {"adj", "=="}:
        found = _terms(index, [value], term, quoted=True)
        return found[0]
    # =, all, any: each word alone, as the OPAC reads a search; an ISBN is one value.
    values = value.split() if index.kind == "words" or relation == "any" else [value]
    return _join("or" if relation == "any" else "and", _terms(index, values, term))


def _unescape(term: str) -> tuple[str, bool]:
    """The term with CQL's escapes read and its masks checked: only `*` at the end of a word
    is a mask (a prefix). Return the text and whether it has a mask."""
    kept: list[str] = []
    masked = False
    position = 0
    while position < len(term):
        char = term[position]
        if char == "\\" and position + 1 < len(term):
            # An escaped character is itself; the tokenizer drops what is not a letter.
            kept.append(" " if term[position + 1] in "*?^" else term[position + 1])
            position += 2
            continue
        if char == "?":
            raise SruDiagnostic("masking_not_supported", details="?", term=term)
        if char == "^":
            raise SruDiagnostic("anchoring_not_supported", details="^")
        if char == "*":
            at_word_end = position + 1 == len(term) or term[position + 1].isspace()
            after_letters = position > 0 and not term[position - 1].isspace()
            if not (at_word_end and after_letters):
                raise SruDiagnostic("masking_position", details=term, term=term)
            masked = True
        kept.append(char)
        position += 1
    return "".join(kept), masked


def _terms(index: Index, values: list[str], term: str, *, quoted: bool = False) -> list[Term]:
    found: list[Term] = []
    for value in values:
        try:
            read = read_term(index.field, value, quoted=quoted)
        except QuerySyntaxError as error:
            if error.reason == "short_prefix":
                raise SruDiagnostic(
                    "masked_word_too_short", details=str(MIN_PREFIX_LENGTH)
                ) from error
            raise SruDiagnostic(
                "bad_term",
                details=f"{index.name} {term}",
                term=term,
                index=index.name,
                reason=_("it is not a valid ISBN or ISSN."),
            ) from error
        if read is not None:
            found.append(read)
    if not found:
        raise SruDiagnostic("empty_term", details=term)
    return found


def _join(operator: Literal["and", "or"], parts: list[Term]) -> _Tree:
    tree: _Tree = parts[0]
    for part in parts[1:]:
        tree = _Node(operator, tree, part)
    return tree


def _years(index: Index, relation: str, value: str, term: str) -> _Tree:
    """The years a dc.date clause asks for: one, a range, or several (any)."""

    def refused() -> SruDiagnostic:
        return SruDiagnostic(
            "bad_term",
            details=f"{index.name} {term}",
            term=term,
            index=index.name,
            reason=_('write a year, e.g. 2015, or two years for within: "2010 2020".'),
        )

    parts = value.split()
    if not parts or not all(part.isdigit() and YEAR_MIN <= int(part) <= YEAR_MAX for part in parts):
        raise refused()
    years = [int(part) for part in parts]
    if relation == "within":
        if len(years) != 2 or years[0] > years[1]:
            raise refused()
        return _Years(years[0], years[1])
    if relation == "any":
        tree: _Tree = _Years(years[0], years[0])
        for each in years[1:]:
            tree = _Node("or", tree, _Years(each, each))
        return tree
    if len(years) != 1:
        raise refused()
    given = years[0]
    ranges: dict[str, _Years] = {
        "=": _Years(given, given),
        "==": _Years(given, given),
        "<": _Years(None, given - 1),
        "<=": _Years(None, given),
        ">": _Years(given + 1, None),
        ">=": _Years(given, None),
    }
    return ranges[relation]


# --- into the engine's query ----------------------------------------------------------------


def _conjuncts(tree: _Tree) -> list[_Tree]:
    if isinstance(tree, _Node) and tree.operator == "and":
        return _conjuncts(tree.left) + _conjuncts(tree.right)
    return [tree]


def _parsed_query(tree: _Tree) -> ParsedQuery:
    """A query of terms and years joined by AND is the OPAC's own (terms, year range); OR and
    NOT make a boolean clause, with the years of its top level still a range."""
    year_from: int | None = None
    year_to: int | None = None
    rest: list[_Tree] = []
    for part in _conjuncts(tree):
        if isinstance(part, _Years):
            if part.first is not None:
                year_from = part.first if year_from is None else max(year_from, part.first)
            if part.last is not None:
                year_to = part.last if year_to is None else min(year_to, part.last)
        elif not isinstance(part, _Everything):
            rest.append(part)
    if all(isinstance(part, Term) for part in rest):
        terms = tuple(part for part in rest if isinstance(part, Term))
        _check_size(len(terms))
        return ParsedQuery(terms=terms, year_from=year_from, year_to=year_to)
    clauses = [_engine_clause(part) for part in rest]
    where = clauses[0]
    for clause in clauses[1:]:
        where = Boolean("and", where, clause)
    terms = positive_terms(where)
    _check_size(_leaves(where))
    return ParsedQuery(terms=terms, year_from=year_from, year_to=year_to, where=where)


def _engine_clause(tree: _Tree) -> Clause:
    if isinstance(tree, Term):
        return tree
    if isinstance(tree, _Everything):
        return Tags((documents.ALL_TAG,))
    if isinstance(tree, _Years):
        if tree.first is None or tree.last is None or tree.last - tree.first >= MAX_YEAR_TAGS:
            raise SruDiagnostic(
                "query_feature_unsupported",
                details="dc.date",
                reason=_(
                    'inside OR or NOT, dc.date takes a year or a range of at most %(count)s years (within "2010 2020").'
                )
                % {"count": MAX_YEAR_TAGS},
            )
        if tree.first > tree.last:
            # An empty range: no year tag at all would match everything in FTS5's OR.
            return Tags((documents.year_tag(0),))
        return Tags(tuple(documents.year_tag(y) for y in range(tree.first, tree.last + 1)))
    return Boolean(tree.operator, _engine_clause(tree.left), _engine_clause(tree.right))


def _leaves(clause: Clause) -> int:
    if isinstance(clause, Boolean):
        return _leaves(clause.left) + _leaves(clause.right)
    return 1


def _check_size(count: int) -> None:
    if count > MAX_TERMS:
        raise SruDiagnostic("too_many_terms", details=str(MAX_TERMS))
