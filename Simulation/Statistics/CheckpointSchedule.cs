using ExportFlow.Simulation.Engine;

namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Which merged block counts are checkpoints of a run (convergence rows, precision checks): every block
/// for the first 50 blocks, then each time the blocks have grown by 2 % (the next checkpoint after k
/// blocks is k + ⌊k/50⌋), and always the run's last block. Integer arithmetic on the count of blocks merged
/// in order, so the checkpoints are the same on any thread count; about 50 + 50·ln(k/50) of them up to
/// k blocks (about 350 for 10⁷ trials, under 1,000 up to 10¹² trials).
/// </summary>
internal sealed class CheckpointSchedule
{
    private long _next = 1;

    /// <summary>Whether the merge that brought the run to <paramref name="completed"/> trials is a checkpoint; call it for each merge in order.</summary>
    /// <param name="completed">Trials merged so far (whole blocks from trial 0).</param>
    /// <param name="total">Trials the run would run at most.</param>
    public bool IsCheckpoint(long completed, long total)
    {
        long blocks = (completed + MonteCarloRunner.BlockSize - 1) / MonteCarloRunner.BlockSize;
        if (blocks < _next && completed < total)
        {
            return false;
        }

        _next = blocks + Math.Max(1, blocks / 50);
        return true;
    }
}
