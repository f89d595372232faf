"""Metrics and result tables."""
from .iou import ClsegIoUMetric, background_baseline, mean_of, per_class_iou
from .report import iou_matrix, summary_markdown

__all__ = ['ClsegIoUMetric', 'background_baseline', 'mean_of', 'per_class_iou', 'iou_matrix',
           'summary_markdown']
