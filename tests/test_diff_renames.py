"""qdoc diff calls an option gone from OLD and one new in NEW a rename when their text says the same.

The two .hx files are written here; which pair is a rename, and how similar
each pair is, is computed here with :mod:`difflib` from the descriptions as
written (white space and case aside), not taken from qdoc.
"""

from __future__ import annotations

import difflib
import json

from conftest import run_qdoc

#: Gone from OLD: the text that reappears under -cachemode, and a close variant of it.
ORIGINAL = "Select how the block layer caches writes to the disk image of the guest, and when it flushes them to the host."
VARIANT = "Select how the block layer caches reads from the disk image of the guest, and when it drops them on the host."
#: New in NEW: the original text nearly verbatim, and a text like no other.
RENAMED = "Select how the block layer caches writes to the disk image of the guest, and when it flushes them to the host disk."
UNRELATED = "Print the names of every accelerator this binary was built with, one per line, then exit."
#: What qdoc's rename rule asks (qdoc.diff.compare.RENAME_SIMILARITY).
THRESHOLD = 0.85


def hx(options: dict[str, str]) -> str:
    parts = []
    for name, text in options.items():
        parts.append(
            f'DEF("{name}", HAS_ARG, QEMU_OPTION_{name.replace("-", "_")},\n'
            f'    "-{name} value    {name}\\n", QEMU_ARCH_ALL)\n'
            f"SRST\n``-{name} value``\n    {text}\nERST\n\n"
        )
    return "".join(parts)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.split()).lower(), " ".join(b.split()).lower()).ratio()


def test_a_rename_is_the_most_similar_gone_option_and_only_above_the_threshold(tmp_path):
    # The set-up says what it means to: one clear best pair, a runner-up also
    # above the threshold (so the best must be chosen, not the first), and a
    # new option like no gone one.
    assert similarity(RENAMED, ORIGINAL) > similarity(RENAMED, VARIANT) >= THRESHOLD
    assert max(similarity(UNRELATED, ORIGINAL), similarity(UNRELATED, VARIANT)) < THRESHOLD
    old, new = tmp_path / "old.hx", tmp_path / "new.hx"
    old.write_text(hx({"kept": UNRELATED + " Kept.", "writecache": VARIANT, "diskcache": ORIGINAL}))
    new.write_text(hx({"kept": UNRELATED + " Kept.", "cachemode": RENAMED, "accels": UNRELATED}))
    result = run_qdoc("diff", str(old), str(new), "--old-release", "1.0", "--new-release", "2.0", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(r["old_name"], r["name"]) for r in data["renamed"]] == [("-diskcache", "-cachemode")]
    assert data["renamed"][0]["similarity"] == round(similarity(RENAMED, ORIGINAL), 3)
    assert {a["name"] for a in data["added"] if a["kind"] == "option"} == {"-accels"}
    assert {r["name"] for r in data["removed"] if r["kind"] == "option"} == {"-writecache"}
