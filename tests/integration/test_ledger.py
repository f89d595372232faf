"""The claims ledger on real tiny runs: two arms x two seeds of train.py, a complete report, a second invocation
that trains nothing, and a killed seed trained again."""
import json

import pytest

from platform_core.ledger import (LEDGER_JSON, LEDGER_MD, Arm, Claim, Side, index_arms, launch_train, run_ledger,
                                  write_report)
from platform_core.testing import tiny_config

CONFIG = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'


@pytest.mark.integration
def test_ledger_on_tiny_runs_reports_keeps_and_reruns_what_is_missing(tiny_data, tmp_path):
    config = tmp_path / 'tiny_pspnet.py'
    tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'unused', max_iters=2).dump(str(config))
    arms = index_arms([Arm('psp', str(config)),
                       Arm('psp-dropout', str(config), options=('model.decode_head.dropout_ratio=0.5', ))])
    claims = [Claim('psp-beats-dropout', 'P', 'Two arms, Welch.', Side('psp', 'mIoU'), Side('psp-dropout', 'mIoU')),
              Claim('acc-above-miou', 'P', 'One arm, paired.', Side('psp', 'aAcc'),
                    Side('psp', 'task[0].metrics.mIoU'))]
    launched = []

    def counting_launch(command, *, log, threads):
        launched.append(log.relative_to(out))
        return launch_train(command, log=log, threads=threads)

    out = tmp_path / 'out'
    ledger = run_ledger(claims, arms, [0, 1], data_root=tiny_data, out=out, jobs=2, launcher=counting_launch)
    write_report(ledger, tmp_path)
    assert len(launched) == 4 and not ledger['failed'], (out / 'psp/seed0.log').read_text()[-3000:]
    saved = json.loads((tmp_path / LEDGER_JSON).read_text())
    assert [c['name'] for c in saved['claims']] == ['psp-beats-dropout', 'acc-above-miou']
    for claim in saved['claims']:
        assert all(isinstance(v, float) for v in claim['lhs']['values'] + claim['rhs']['values'])
        assert len(claim['lhs']['values']) == 2 and claim['holds'] in (True, False)  # two seeds: a verdict
    text = (tmp_path / LEDGER_MD).read_text()
    assert '| psp-beats-dropout | P | psp: mIoU ' in text and '(Welch) |' in text
    assert '| acc-above-miou | P | psp: aAcc ' in text and '(paired) |' in text
    assert '| psp-dropout | ' in text and '--cfg-options model.decode_head.dropout_ratio=0.5 | 2/2 ok' in text

    marks = {p: p.stat().st_mtime_ns for p in out.glob('*/seed*/ledger_run.json')}
    again = run_ledger(claims, arms, [0, 1], data_root=tiny_data, out=out, launcher=counting_launch)
    assert len(launched) == 4 and again['claims'] == ledger['claims']
    assert {p: p.stat().st_mtime_ns for p in out.glob('*/seed*/ledger_run.json')} == marks

    (out / 'psp/seed1/ledger_run.json').unlink()  # killed after train.py wrote its results (a deleted folder
    # is the unit tests' business): train.py would refuse the folder, so the ledger starts it over
    third = run_ledger(claims, arms, [0, 1], data_root=tiny_data, out=out, launcher=counting_launch)
    assert list(map(str, launched[4:])) == ['psp/seed1.log']
    assert not third['failed'] and (out / 'psp/seed1/ledger_run.json').is_file()
    assert third['claims'][0]['lhs']['values'] == ledger['claims'][0]['lhs']['values']  # CPU runs are deterministic
