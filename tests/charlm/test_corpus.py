"""The corpus: the same split in every process, nothing outside the vocabulary, held-out by file."""
from __future__ import annotations

import subprocess
import sys

from subnets.charlm import corpus
from subnets.charlm.validator import draw, round_seed


def test_the_split_is_by_file_and_disjoint():
    c = corpus.load()
    assert c.valid_files and c.train_files and not set(c.valid_files) & set(c.train_files)
    assert all(corpus.held_out(m) for m in c.valid_files) and not any(corpus.held_out(m) for m in c.train_files)
    assert len(c.train) > 500_000 and len(c.valid) > 50_000


def test_the_split_is_the_same_in_another_process():
    out = subprocess.run([sys.executable, "-c", "from subnets.charlm import corpus; print(corpus.load().digest())"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == corpus.load().digest()


def test_the_vocabulary_covers_every_character():
    assert corpus.VOCAB_SIZE == 97
    ids = corpus.encode(corpus.load().valid)
    assert min(ids) >= 0 and max(ids) < corpus.VOCAB_SIZE
    assert corpus.encode("a\tb\u00e9\n") == corpus.encode("a    b") + [corpus.UNK, 0]


def test_validators_in_the_same_block_draw_the_same_contexts():
    text = corpus.load().valid
    first = draw(text, round_seed(3, 100), 32, 128)
    assert first == draw(text, round_seed(3, 100), 32, 128)
    assert first != draw(text, round_seed(3, 101), 32, 128) and first != draw(text, round_seed(4, 100), 32, 128)
    contexts, targets = first
    assert len(contexts) == len(targets) == 32 and all(len(c) == 128 for c in contexts)
