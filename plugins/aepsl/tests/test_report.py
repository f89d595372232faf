"""The results.md section lists every round's mined masks, the assembled masks and the PSL model."""
from plugins.aepsl.report import report_section


def test_report_rows_follow_the_rounds_and_end_with_the_psl_model(tmp_path):
    stats = dict(mIoU=10.0, fg_recall=20.0, labelled=90.0)
    results = [dict(plugins=dict(aepsl=dict(round=1, mined=stats))),
               dict(plugins=dict(aepsl=dict(round=2, mined=stats, assembled=dict(stats, mIoU_labelled=40.0,
                                                                                 grid=str(tmp_path / 'task_2/aepsl/g.png'))))),
               dict(plugins={}, metrics=dict(mIoU=33.3))]
    text = report_section(results, str(tmp_path))
    rows = [line for line in text.splitlines() if line.startswith('| ') and 'masks' not in line]
    assert [r.split(' | ')[0] for r in rows] == ['| CAM only (round 1)', '| mined union, rounds 1-2',
                                                 '| assembled (ignore = miss)', '| assembled, labelled pixels only',
                                                 '| PSL segmentation model']
    assert rows[-1].endswith('| 33.30 | - | - |') and '![rounds](task_2/aepsl/g.png)' in text
    assert '![mask quality per round](plots/aepsl_rounds.png)' in text and (tmp_path / 'plots/aepsl_rounds.png').is_file()
    assert report_section([dict(plugins={}, metrics={})]) is None


def test_a_round_after_the_erasing_stopped_is_named_so(tmp_path):
    stats = dict(mIoU=10.0, fg_recall=20.0, labelled=90.0)
    results = [dict(plugins=dict(aepsl=dict(round=1, rounds_used=1, mined=stats))),
               dict(plugins=dict(aepsl=dict(round=2, rounds_used=1, mined=stats)))]
    assert '| CAM only (round 1) (round 2: erasing stopped) |' in report_section(results, str(tmp_path))
