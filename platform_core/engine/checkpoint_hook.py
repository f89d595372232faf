"""mmengine's CheckpointHook in an order a kill cannot break. mmengine deletes the oldest checkpoint before it
writes the new one and rewrites ``last_checkpoint`` in place: with ``max_keep_ckpts=1`` a kill during the write
left ``last_checkpoint`` naming a deleted file (or empty), and ``--resume`` failed for good. Here: write the new
checkpoint (atomically, ``ClsegRunner``), point ``last_checkpoint`` at it atomically, then delete the checkpoint
that fell out of ``max_keep_ckpts``. Every task's checkpoint hook is this one (``ContinualRunner``)."""
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.hooks import CheckpointHook

from ..fileio import atomic_write_text
from ..registry import HOOKS

__all__ = ['AtomicCheckpointHook']


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """``CheckpointHook`` (same options) that deletes old checkpoints only after the new one and
    ``last_checkpoint`` are in place."""

    def _save_checkpoint_with_step(self, runner, step, meta) -> None:
        dropped = None
        if self.max_keep_ckpts > 0 and not (self.keep_ckpt_ids and self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                dropped = self.keep_ckpt_ids.popleft()
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids', list(self.keep_ckpt_ids))
        filename = self.filename_tmpl.format(step)
        self.last_ckpt = self.file_backend.join_path(self.out_dir, filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)
        runner.save_checkpoint(self.out_dir, filename, self.file_client_args, save_optimizer=self.save_optimizer,
                               save_param_scheduler=self.save_param_scheduler, meta=meta, by_epoch=self.by_epoch,
                               backend_args=self.backend_args, **self.args)
        if not is_main_process():
            return
        atomic_write_text(osp.join(runner.work_dir, 'last_checkpoint'), self.last_ckpt)
        if dropped is not None and dropped != step:
            self._remove(self.file_backend.join_path(self.out_dir, self.filename_tmpl.format(dropped)))

    def _remove(self, path: str) -> None:
        if self.file_backend.isfile(path):
            self.file_backend.remove(path)
        elif self.file_backend.isdir(path):  # deepspeed writes checkpoints as folders
            self.file_backend.rmtree(path)
