"""The claims ledger: train the arms that papers' claims compare, once per seed, and report which claims hold
beyond seed noise (``tools/ledger.py``). Modules: ``claims`` (arms, sides, claims), ``table`` (the claims
the tool checks on SynthVOC), ``metric_path`` (reading a number
from results.json), ``stats`` (mean, std, difference and its error), ``runner`` (train.py runs, kept across
invocations), ``verdict`` (a claim from its runs), ``report`` (ledger.json and LEDGER.md), ``arm_tables``
(the plugin READMEs' result tables)."""
from .arm_tables import ArmTable, update_readmes
from .claims import Arm, Claim, Side, index_arms, needed_arms, select_claims, validate_table
from .metric_path import resolve_metric
from .report import LEDGER_JSON, LEDGER_MD, merge_ledgers, render_markdown, write_report
from .runner import RunRecord, check_plan, launch_train, run_ledger, train_command
from .table import ARM_TABLES, ARMS, CLAIMS
from .stats import Summary, difference, summarize
from .verdict import judge_claim

__all__ = ['ArmTable', 'ARM_TABLES', 'update_readmes', 'Arm', 'Side', 'Claim', 'ARMS', 'CLAIMS', 'index_arms',
           'validate_table', 'select_claims',
           'needed_arms', 'resolve_metric', 'Summary', 'summarize', 'difference', 'judge_claim', 'RunRecord',
           'train_command', 'check_plan', 'launch_train', 'run_ledger', 'render_markdown', 'write_report', 'merge_ledgers',
           'LEDGER_MD', 'LEDGER_JSON']
