"The one synthetic bond-view generator, the one corpus file layout, and the real labelled data sets."
# Hand-written (nbdev does not generate a subpackage's __init__): the public API of `fi_lora.corpus`,
# whose modules are exported from nbs/01a0_corpus_meanings, 01a0b_corpus_other_kinds, 01a1_corpus_templates, 01a2_corpus_rendering, 01a_corpus and 01a_corpus_io.
from .meanings import KINDS
from . import other_kinds   # its two kinds register right after meanings': the order decides the corpus
from .templates import NEWSWIRE_NAMES, NEWSWIRE_SENTIMENT, template_families
from .rendering import locate_triplet, render_example, newswire_story, newswire_irrelevant
from .generator import SOURCES, FinancialTrainingDataGenerator, diversity_report
from .io import DataError, read_table, row_name, read_corpus, write_corpus, save_training_data, load_training_data, prepare_training_data, load_labelled
