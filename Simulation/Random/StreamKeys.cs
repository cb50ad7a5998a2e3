namespace ExportFlow.Simulation.Random;

/// <summary>
/// Derives the key of every random event from the run seed, so that a key never depends on the policy,
/// on array positions or on the order in which events happen to be evaluated (common random numbers).
/// </summary>
public static class StreamKeys
{
    /// <summary>The key of trial <paramref name="trial"/>: <c>Mix(seed, (ulong)trial)</c>.</summary>
    /// <param name="seed">The run seed. Range: all of <see cref="ulong"/>.</param>
    /// <param name="trial">The trial index, normally 0 ≤ trial &lt; trials. A negative index is
    /// reinterpreted as its two's-complement bit pattern, not rejected.</param>
    /// <returns>The trial key.</returns>
    public static ulong TrialKey(ulong seed, long trial)
    {
        return SplitMix64.Mix(seed, unchecked((ulong)trial));
    }

    /// <summary>
    /// The key of one random event: <c>Mix(Mix(trialKey, slotHash), (ulong)period)</c>.
    /// </summary>
    /// <param name="trialKey">A key from <see cref="TrialKey"/>.</param>
    /// <param name="slotHash">The slot's <see cref="SplitMix64.HashString"/>, hashed at compile time.</param>
    /// <param name="period">The period index, normally 0 ≤ period &lt; T. A negative period is
    /// sign-extended to 64 bits, not rejected.</param>
    /// <returns>The event key; pass it to <see cref="EventStream(ulong)"/>.</returns>
    public static ulong EventKey(ulong trialKey, ulong slotHash, int period)
    {
        return SplitMix64.Mix(SplitMix64.Mix(trialKey, slotHash), unchecked((ulong)period));
    }

    /// <summary>
    /// A slot within a trial, prepared for its periods: the first half of <c>Mix(Mix(trialKey, slotHash), ·)</c>,
    /// so that <see cref="PeriodKey"/>(SlotKey(trialKey, slotHash), period) = <see cref="EventKey"/>(trialKey, slotHash, period)
    /// costs one finaliser per period. The engine keeps it for the trial.
    /// </summary>
    public static ulong SlotKey(ulong trialKey, ulong slotHash)
    {
        return SplitMix64.MixPrefix(SplitMix64.Mix(trialKey, slotHash));
    }

    /// <summary>
    /// <see cref="SlotKey"/> from the trial's prefix <c>SplitMix64.MixPrefix(trialKey)</c>, which a trial computes
    /// once for all its slots: SlotKeyFromPrefix(MixPrefix(trialKey), slotHash) = SlotKey(trialKey, slotHash).
    /// </summary>
    public static ulong SlotKeyFromPrefix(ulong trialPrefix, ulong slotHash)
    {
        return SplitMix64.MixPrefix(SplitMix64.Finalize(trialPrefix ^ slotHash));
    }

    /// <summary>The event key of a prepared slot key (<see cref="SlotKey"/>) in <paramref name="period"/>.</summary>
    public static ulong PeriodKey(ulong slotKey, int period)
    {
        return SplitMix64.Finalize(slotKey ^ unchecked((ulong)period));
    }
}
