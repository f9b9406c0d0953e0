"""Load and validate the skills vocabulary (``vocab/skills/*.toml`` plus optional user files).

The vocabulary is data: see ``vocab/README.md`` for the format. Loading validates it and raises
:class:`~matcher.errors.VocabularyError` naming the bad entry, so a broken file stops start-up.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from matcher.errors import VocabularyError
from matcher.resources import data_dir

VOCAB_DIR = data_dir("vocab")
SKILLS_DIR = VOCAB_DIR / "skills"
# The layer built by ``matcher vocab import`` from public taxonomies: read after the curated
# files, which win wherever the two name the same form.
GENERATED_DIR = VOCAB_DIR / "generated"

CATEGORIES = (
    "language",
    "framework",
    "library",
    "database",
    "messaging",
    "cloud",
    "devops",
    "web",
    "api",
    "security",
    "practice",
    "data",
    "soft",
)
KINDS = ("hard", "soft")
_SKILL_KEYS = {
    "name",
    "category",
    "kind",
    "aliases",
    "implies",
    "ambiguous",
    "cues",
    "deny_before",
    "deny_after",
    "note",
    "evidence",
    "contains",
    "provenance",
}
EVIDENCE = ("any", "cues")


# How deep "implies" is followed (Spring Boot ⇒ Spring ⇒ Java).
IMPLIES_DEPTH = 2


def fold(form: str) -> str:
    """Return the case- and space-folded key under which a surface form is matched."""
    return " ".join(form.lower().split())


@dataclass(frozen=True)
class Skill:
    """One skill: a canonical name and everything needed to find and weigh it."""

    name: str
    category: str
    kind: str
    aliases: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    deny_before: tuple[str, ...] = ()
    deny_after: tuple[str, ...] = ()
    evidence: str = "any"
    contains: tuple[str, ...] = ()
    source: str = field(default="", compare=False)
    # Where a generated skill comes from ("so:apache-spark-sql; onet:Salesforce Visualforce");
    # empty for a curated one.
    provenance: str = field(default="", compare=False)
    # A name no vocabulary holds, found where the words around it say it is a skill
    # (matcher.context): it has no idf, no relations, and is matched by its name alone.
    from_context: bool = field(default=False, compare=False)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form: the name, the aliases, then case variants listed as ambiguous."""
        return tuple(dict.fromkeys((self.name, *self.aliases, *self.ambiguous)))


@dataclass(frozen=True)
class TitleRule:
    """Words of a job title that name a discipline, and the skill they name."""

    words: tuple[str, ...]
    skill: str


@dataclass(frozen=True)
class Vocabulary:
    """A validated set of skills and blocker phrases, indexed by name.

    ``kinds`` maps each concept skill ("Version control") to the skills that are instances of
    it ("Git", "Subversion"): the ``is_a`` relation of ``vocab/kinds.toml``. ``titles`` reads
    disciplines out of job titles (``vocab/titles.toml``). ``partly`` maps a skill to the skills
    and kinds that show part of it though it is not a kind of them (a language shows part of
    software engineering; troubleshooting, part of debugging): ``[[partly]]`` of
    ``vocab/kinds.toml``.
    """

    skills: tuple[Skill, ...]
    blockers: tuple[str, ...] = ()
    by_name: Mapping[str, Skill] = field(default_factory=dict, compare=False)
    kinds: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    substitutes: frozenset[str] = frozenset()  # kinds whose instances stand in for each other
    titles: tuple[TitleRule, ...] = ()
    partly: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    def __len__(self) -> int:
        return len(self.skills)

    def get(self, name: str) -> Skill | None:
        """Return the skill with this canonical name (case-insensitive), or None."""
        return self.by_name.get(name.lower())

    @cached_property
    def hard_categories(self) -> Mapping[str, str]:
        """Each hard skill's category, by name."""
        return {s.name: s.category for s in self.skills if s.kind == "hard"}

    @cached_property
    def title_words(self) -> tuple[re.Pattern[str], Mapping[str, tuple[str, ...]]]:
        """One pattern over every word of ``titles`` (longest first, on word boundaries), and
        the skills each lower-cased word names, for reading job titles in one pass."""
        named: dict[str, list[str]] = {}
        for rule in self.titles:
            for words in rule.words:
                skills = named.setdefault(words, [])
                if rule.skill not in skills:
                    skills.append(rule.skill)
        alternation = "|".join(re.escape(w) for w in sorted(named, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w-])(?:{alternation or '(?!)'})(?![\w-])", re.IGNORECASE)
        return pattern, {w: tuple(s) for w, s in named.items()}

    @cached_property
    def instances_of(self) -> Mapping[str, frozenset[str]]:
        """For each concept, every skill that is an instance of it, followed transitively.

        PostgreSQL is a relational database and a relational database is SQL, so PostgreSQL
        is an instance of SQL too. A concept is never its own instance.
        """
        out: dict[str, frozenset[str]] = {}
        for concept in self.kinds:
            found: set[str] = set()
            frontier = set(self.kinds[concept])
            while frontier:
                found |= frontier
                frontier = {i for c in frontier for i in self.kinds.get(c, ())} - found
            found.discard(concept)
            out[concept] = frozenset(found)
        return out

    @cached_property
    def related(self) -> Mapping[str, frozenset[str]]:
        """For each instance of a kind, the skills close enough to be partial evidence of it.

        Its siblings under a kind whose instances are substitutes (``substitutes = true`` in
        ``vocab/kinds.toml``: asks Kubernetes, the resume shows Docker Swarm; asks AWS, the
        resume shows Azure) and that kind itself (asks Linux, the resume shows Unix), but never
        one of its own instances, which meet it in full.
        """
        out: dict[str, set[str]] = {}
        for concept, members in self.kinds.items():
            if concept not in self.substitutes:
                continue
            for member in members:
                close = out.setdefault(member, set())
                close.update(members)
                close.add(concept)
        instances = self.instances_of
        category = {s.name: s.category for s in self.skills}
        # Only skills of the same category stand in for each other (AWS and Azure are both
        # cloud platforms; Python is no partial evidence of Kafka under "data engineering").
        related = {
            name: {
                c
                for c in close - {name} - instances.get(name, frozenset())
                if category.get(c) == category.get(name)
            }
            for name, close in out.items()
        }
        # Partial evidence named in the data holds across categories: a kind named there
        # stands for itself and each of its instances.
        for name, by in self.partly.items():
            shown = related.setdefault(name, set())
            for evidence in by:
                shown.add(evidence)
                shown |= instances.get(evidence, frozenset())
            shown -= {name} | instances.get(name, frozenset())
        return {name: frozenset(close) for name, close in related.items()}

    @cached_property
    def implied_by(self) -> Mapping[str, frozenset[str]]:
        """For each skill name, the skills from which it follows within IMPLIES_DEPTH steps.

        Django implies Python; Spring Boot implies Spring, which implies Java, so Java is
        implied by both Spring and Spring Boot. A skill never lists itself.
        """
        direct: dict[str, set[str]] = {}
        for skill in self.skills:
            for target in skill.implies:
                implied = self.get(target)
                if implied is not None:
                    direct.setdefault(implied.name, set()).add(skill.name)
        out: dict[str, frozenset[str]] = {}
        for name in direct:
            found: set[str] = set()
            frontier = {name}
            for _ in range(IMPLIES_DEPTH):
                frontier = {s for n in frontier for s in direct.get(n, ())} - found
                found |= frontier
            found.discard(name)
            if found:
                out[name] = frozenset(found)
        return out


def _as_str_tuple(
    entry: Mapping[str, Any], key: str, where: str, strip: bool = True
) -> tuple[str, ...]:
    value = entry.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"{where}: '{key}' must be a list of strings, got {value!r}")
    # Regular expressions keep their white space: a leading " ?" is part of the pattern.
    stripped = tuple(v.strip() if strip else v for v in value)
    if any(not v.strip() for v in stripped):
        raise VocabularyError(f"{where}: '{key}' holds an empty string")
    return stripped


def _skill_from_entry(entry: Mapping[str, Any], default_category: str | None, where: str) -> Skill:
    unknown = set(entry) - _SKILL_KEYS
    if unknown:
        raise VocabularyError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_SKILL_KEYS)}"
        )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise VocabularyError(f"{where}: a skill has an empty or missing name")
    name = name.strip()
    where = f"{where}: skill {name!r}"
    category = entry.get("category", default_category)
    if category not in CATEGORIES:
        raise VocabularyError(
            f"{where}: unknown category {category!r}; use one of {list(CATEGORIES)}"
        )
    kind = entry.get("kind", "soft" if category == "soft" else "hard")
    if kind not in KINDS:
        raise VocabularyError(f"{where}: kind must be 'hard' or 'soft', got {kind!r}")
    aliases = tuple(a for a in _as_str_tuple(entry, "aliases", where) if a != name)
    ambiguous = _as_str_tuple(entry, "ambiguous", where)
    folded_forms = {fold(f) for f in (name, *aliases)}
    for form in ambiguous:
        if fold(form) not in folded_forms:
            raise VocabularyError(
                f"{where}: ambiguous form {form!r} is not a case variant of the name or an alias"
            )
    deny_before = _as_str_tuple(entry, "deny_before", where, strip=False)
    deny_after = _as_str_tuple(entry, "deny_after", where, strip=False)
    for pattern in (*deny_before, *deny_after):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise VocabularyError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc
    evidence = entry.get("evidence", "any")
    if evidence not in EVIDENCE:
        raise VocabularyError(
            f"{where}: evidence must be one of {list(EVIDENCE)}, got {evidence!r}"
        )
    return Skill(
        name=name,
        category=category,
        kind=kind,
        evidence=evidence,
        contains=_as_str_tuple(entry, "contains", where),
        aliases=aliases,
        implies=_as_str_tuple(entry, "implies", where),
        ambiguous=ambiguous,
        cues=tuple(c.lower() for c in _as_str_tuple(entry, "cues", where)),
        deny_before=deny_before,
        deny_after=deny_after,
        source=where,
        provenance=_provenance(entry, where),
    )


def _provenance(entry: Mapping[str, Any], where: str) -> str:
    value = entry.get("provenance", "")
    if not isinstance(value, str):
        raise VocabularyError(f"{where}: 'provenance' must be a string, got {value!r}")
    return value.strip()


def read_toml(path: Path, what: str = "vocabulary file") -> dict[str, Any]:
    """A TOML data file, or a :class:`VocabularyError` that names it and says what is wrong."""
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read {what}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{path}: not valid TOML: {exc}") from exc


def _merge(base: Skill, extra: Skill) -> Skill:
    """Fold a user entry for an existing skill into it: new aliases, cues and relations."""

    def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*a, *b)))

    return Skill(
        name=base.name,
        category=base.category,
        kind=base.kind,
        aliases=union(base.aliases, extra.aliases),
        implies=union(base.implies, extra.implies),
        ambiguous=union(base.ambiguous, extra.ambiguous),
        cues=union(base.cues, extra.cues),
        deny_before=union(base.deny_before, extra.deny_before),
        deny_after=union(base.deny_after, extra.deny_after),
        evidence=extra.evidence if extra.evidence != "any" else base.evidence,
        contains=union(base.contains, extra.contains),
        source=base.source,
        provenance=base.provenance,
    )


def _claimed_forms(skills: Iterable[Skill]) -> dict[str, str]:
    """Every folded form already taken, with the name of the skill that holds it."""
    return {fold(form): s.name for s in skills for form in s.forms}


def _under_curated(
    skill: Skill, claimed: Mapping[str, str], existing: Skill | None
) -> Skill | None:
    """A generated entry reduced to what the loaded skills leave free, or None if nothing is.

    The curated files win: a generated form that another skill already holds (in any case) is
    dropped, and an entry for a skill that already exists adds only its free aliases. An entry
    whose name another skill holds as a form is dropped whole.
    """
    if existing is not None:
        aliases = tuple(a for a in skill.aliases if fold(a) not in claimed)
        if not aliases:
            return None
        ambiguous = tuple(a for a in skill.ambiguous if a in aliases)
        extra = Skill(skill.name, existing.category, existing.kind, aliases, ambiguous=ambiguous)
        return _merge(existing, extra)
    if fold(skill.name) in claimed:
        return None
    aliases = tuple(a for a in skill.aliases if fold(a) not in claimed)
    ambiguous = tuple(
        a for a in skill.ambiguous if fold(a) in {fold(f) for f in (skill.name, *aliases)}
    )
    return Skill(
        name=skill.name,
        category=skill.category,
        kind=skill.kind,
        aliases=aliases,
        implies=skill.implies,
        ambiguous=ambiguous,
        cues=skill.cues,
        deny_before=skill.deny_before,
        deny_after=skill.deny_after,
        evidence=skill.evidence,
        contains=skill.contains,
        source=skill.source,
        provenance=skill.provenance,
    )


def _validate(skills: list[Skill], blockers: list[str]) -> None:
    """Reject alias collisions and dangling relations, naming both entries."""
    exact_owner: dict[str, Skill] = {}
    folded_owner: dict[str, Skill] = {}
    for skill in skills:
        for form in skill.forms:
            if form in skill.ambiguous:
                key, owners = form, exact_owner
            else:
                key, owners = fold(form), folded_owner
            other = owners.get(key)
            if other is not None and other.name != skill.name:
                raise VocabularyError(
                    f"alias {form!r} is claimed by two skills: {other.source} and {skill.source}"
                )
            owners[key] = skill
    for form, skill in exact_owner.items():
        other = folded_owner.get(fold(form))
        if other is not None and other.name != skill.name:
            raise VocabularyError(
                f"ambiguous form {form!r} of {skill.source} is also a plain alias of {other.source}"
            )
    by_name = {s.name.lower(): s for s in skills}
    for skill in skills:
        for target in skill.implies:
            if target.lower() not in by_name:
                raise VocabularyError(f"{skill.source}: implies unknown skill {target!r}")
            if target.lower() == skill.name.lower():
                raise VocabularyError(f"{skill.source}: a skill cannot imply itself")
        for part in skill.contains:
            if part.lower() not in by_name or part.lower() == skill.name.lower():
                raise VocabularyError(f"{skill.source}: contains unknown skill {part!r}")
    for phrase in blockers:
        if fold(phrase) in folded_owner:
            raise VocabularyError(
                f"blocker phrase {phrase!r} is also a form of {folded_owner[fold(phrase)].source}"
            )


def _relation_tables(
    paths: Iterable[Path], table: str, key: str, by_name: Mapping[str, Skill]
) -> Iterator[tuple[str, str, dict]]:
    """Each ``[[table]]`` entry of the files, with where it stands and the skill its ``key``
    names (checked against the skills)."""
    for path in paths:
        entries = read_toml(path).get(table, [])
        if not isinstance(entries, list):
            raise VocabularyError(f"{path}: expected [[{table}]] tables")
        for i, entry in enumerate(entries, 1):
            where = f"{path.name} {table} {i}"
            value = entry.get(key) if isinstance(entry, dict) else None
            if not isinstance(value, str) or value.lower() not in by_name:
                raise VocabularyError(f"{where}: {key} {value!r} is not a skill")
            yield where, by_name[value.lower()].name, entry


def _related_names(
    entry: dict, field: str, where: str, owner: str, by_name: Mapping[str, Skill], role: str
) -> Iterator[str]:
    """The skills an entry's ``field`` lists, each checked, none the entry's own skill."""
    for listed in _as_str_tuple(entry, field, f"{where} ({owner})"):
        skill = by_name.get(listed.lower())
        if skill is None:
            raise VocabularyError(f"{where} ({owner}): {listed!r} is not a skill")
        if skill.name == owner:
            raise VocabularyError(f"{where}: {owner!r} cannot {role} itself")
        yield skill.name


def _load_kinds(
    paths: Iterable[Path], by_name: Mapping[str, Skill]
) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Read ``[[kind]]`` tables (concept, instances, whether the instances are substitutes),
    each name checked against the skills."""
    kinds: dict[str, list[str]] = {}
    substitutes: set[str] = set()
    for where, name, entry in _relation_tables(paths, "kind", "concept", by_name):
        members = kinds.setdefault(name, [])
        if entry.get("substitutes", False) is True:
            substitutes.add(name)
        for instance in _related_names(
            entry, "instances", where, name, by_name, "be an instance of"
        ):
            if instance not in members:
                members.append(instance)
    return {k: tuple(v) for k, v in kinds.items()}, frozenset(substitutes)


def _load_partly(paths: Iterable[Path], by_name: Mapping[str, Skill]) -> dict[str, tuple[str, ...]]:
    """Read ``[[partly]]`` tables: a skill, and the skills or kinds (``by``) and the skill
    categories (``categories``: every skill of the category) that show part of it."""
    partly: dict[str, list[str]] = {}
    by_category: dict[str, list[str]] = {}
    for skill in by_name.values():
        by_category.setdefault(skill.category, []).append(skill.name)
    for where, name, entry in _relation_tables(paths, "partly", "skill", by_name):
        shown_by = partly.setdefault(name, [])
        shown_by.extend(_related_names(entry, "by", where, name, by_name, "show part of"))
        for category in _as_str_tuple(entry, "categories", f"{where} ({name})"):
            if category not in by_category:
                raise VocabularyError(f"{where} ({name}): no skill has category {category!r}")
            shown_by.extend(n for n in by_category[category] if n != name)
    return {k: tuple(dict.fromkeys(v)) for k, v in partly.items()}


def _load_titles(paths: Iterable[Path], by_name: Mapping[str, Skill]) -> tuple[TitleRule, ...]:
    """Read the disciplines that job titles name, each skill checked against the vocabulary."""
    rules: list[TitleRule] = []
    for path in paths:
        data = read_toml(path)
        for i, entry in enumerate(data.get("title", []), 1):
            where = f"{path.name} title {i}"
            skill = by_name.get(str(entry.get("skill", "")).lower())
            if skill is None:
                raise VocabularyError(f"{where}: skill {entry.get('skill')!r} is not a skill")
            words = tuple(w.lower() for w in _as_str_tuple(entry, "words", where))
            rules.append(TitleRule(words, skill.name))
    return tuple(rules)


def _add_generated(
    path: Path, data: Mapping[str, Any], skills: dict[str, Skill], claimed: dict[str, str]
) -> None:
    """Add one generated file's entries under the skills loaded so far (see _under_curated)."""
    entries = data.get("skill", [])
    if not isinstance(entries, list):
        raise VocabularyError(f"{path}: expected [[skill]] tables")
    default_category = data.get("category")
    for i, entry in enumerate(entries, 1):
        where = f"{path.name} entry {i}"
        existing = skills.get(str(entry.get("name", "")).strip().lower())
        category = existing.category if existing and "category" not in entry else default_category
        skill = _skill_from_entry(entry, category, where)
        if not skill.provenance:
            raise VocabularyError(
                f"{where}: skill {skill.name!r}: a generated entry needs 'provenance'"
            )
        fitted = _under_curated(skill, claimed, existing)
        if fitted is None:
            continue
        skills[fitted.name.lower()] = fitted
        for form in fitted.forms:
            claimed.setdefault(fold(form), fitted.name)


def load_vocabulary(
    skill_files: Iterable[Path] | None = None,
    user_files: Iterable[Path] = (),
    blocker_files: Iterable[Path] | None = None,
    kind_files: Iterable[Path] | None = None,
    title_files: Iterable[Path] | None = None,
    generated_files: Iterable[Path] | None = None,
) -> Vocabulary:
    """Load, merge and validate skill files.

    Parameters
    ----------
    skill_files:
        The base vocabulary; defaults to every ``vocab/skills/*.toml`` in name order.
    user_files:
        Extra files in the same format. An entry whose name already exists adds aliases,
        cues and relations to it; any other entry adds a skill.
    blocker_files:
        Files of phrases that never count and shadow skills inside them ("go-to-market");
        by default ``vocab/blockers.toml``. A skills file may also list its own under a
        top-level ``blockers`` key.
    kind_files, title_files:
        The ``is_a`` relation (``[[kind]]`` tables) and the disciplines job titles name; by
        default ``vocab/kinds.toml`` and ``vocab/titles.toml`` with the shipped skills, none
        with other skill files. User files may hold ``[[kind]]`` tables too.
    generated_files:
        The generated layer (``matcher vocab import``), read after the base files and before
        the user files; by default ``vocab/generated/*.toml`` with the shipped skills, none
        with other skill files. Its entries never override: a form another skill holds is
        dropped from them, and an entry named like an existing skill adds only free aliases.

    Returns
    -------
    Vocabulary

    Raises
    ------
    VocabularyError
        On a malformed file or entry, an alias claimed by two skills, an unknown category
        or an ``implies`` naming no skill. The message names the file and the entry.
    """
    base = sorted(SKILLS_DIR.glob("*.toml")) if skill_files is None else list(skill_files)
    if blocker_files is None:
        blocker_files = [p for p in [VOCAB_DIR / "blockers.toml"] if p.exists()]
    if kind_files is None:
        kind_files = [VOCAB_DIR / "kinds.toml"] if skill_files is None else []
    if title_files is None:
        title_files = [VOCAB_DIR / "titles.toml"] if skill_files is None else []
    if generated_files is None:
        generated_files = sorted(GENERATED_DIR.glob("*.toml")) if skill_files is None else []
    user_files = [Path(p) for p in user_files]
    skills: dict[str, Skill] = {}
    blockers: list[str] = []
    layers = [(p, "base") for p in base]
    layers += [(Path(p), "generated") for p in generated_files]
    layers += [(p, "user") for p in user_files]
    claimed: dict[str, str] | None = None
    for path, layer in layers:
        is_user = layer == "user"
        data = read_toml(path)
        if layer == "generated":
            if claimed is None:
                claimed = _claimed_forms(skills.values())
            _add_generated(path, data, skills, claimed)
            continue
        default_category = data.get("category")
        blockers.extend(_as_str_tuple(data, "blockers", str(path)))
        entries = data.get("skill", [])
        if not isinstance(entries, list):
            raise VocabularyError(f"{path}: expected [[skill]] tables")
        for i, entry in enumerate(entries, 1):
            existing = skills.get(str(entry.get("name", "")).strip().lower()) if is_user else None
            category = (
                existing.category if existing and "category" not in entry else default_category
            )
            skill = _skill_from_entry(entry, category, f"{path.name} entry {i}")
            key = skill.name.lower()
            if key in skills:
                if not is_user:
                    raise VocabularyError(
                        f"skill {skill.name!r} is defined twice: {skills[key].source} and {skill.source}"
                    )
                skills[key] = _merge(skills[key], skill)
            else:
                skills[key] = skill
    if not skills:
        raise VocabularyError("the vocabulary is empty: no skill files were found")
    for path in blocker_files:
        blockers.extend(_as_str_tuple(read_toml(path), "phrases", str(path)))
    blockers = list(dict.fromkeys(blockers))
    ordered = sorted(skills.values(), key=lambda s: s.name.lower())
    _validate(ordered, blockers)
    by_name = {s.name.lower(): s for s in ordered}
    titles = _load_titles([p for p in title_files if Path(p).exists()], by_name)
    relation_files = [*(p for p in kind_files if Path(p).exists()), *user_files]
    kinds, substitutes = _load_kinds(relation_files, by_name)
    return Vocabulary(
        skills=tuple(ordered),
        blockers=tuple(blockers),
        by_name=by_name,
        kinds=kinds,
        substitutes=substitutes,
        titles=titles,
        partly=_load_partly(relation_files, by_name),
    )


@cache
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary, loaded once per process."""
    return load_vocabulary()
