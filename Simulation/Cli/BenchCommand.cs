using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;
using ExportFlow.Simulation.Scenarios;
using ExportFlow.Simulation.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>
/// <c>exportflow bench [FILE]</c>: end-to-end speed of the engine on this machine: trials per second on one
/// thread and on T, the parallel speed-up, nanoseconds per trial-period and bytes allocated per trial.
/// </summary>
/// <remarks>
/// Implementation note: both timed runs go through <see cref="MonteCarloRunner"/>, blocks, accumulators
/// and merging included, after a short warm-up so the JIT has tiered the hot loop up. Allocation is
/// measured apart, with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around a single-threaded loop
/// of <see cref="TrialRunner.Run"/> calls into one reused <see cref="TrialState"/>; the hot loop's
/// contract is that this reads 0.
/// </remarks>
internal sealed class BenchCommand(IAnsiConsole console, ErrorOutput errors) : Command<BenchCommand.Settings>
{
    /// <summary>Nodes of the synthetic network used when no file is given.</summary>
    public const int SyntheticNodes = 30;

    /// <summary>Periods of the synthetic network.</summary>
    public const int SyntheticPeriods = 12;

    // Trials of the allocation loop at most: enough to see a single stray allocation, short on any network.
    private const int AllocationTrials = 10_000;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[FILE]")]
        [Description("Scenario file (YAML) whose baseline is timed. Default: a synthetic network (--nodes, --periods; 30 and 12).")]
        public string? File { get; init; }

        [CommandOption("--nodes <N>")]
        [Description("Without FILE: nodes of the synthetic network (at least 10).")]
        [DefaultValue(SyntheticNodes)]
        [TypeConverter(typeof(Int32OptionConverter))]
        [NumberRange(SyntheticNetwork.MinNodes, 10_000_000)]
        public int Nodes { get; init; } = SyntheticNodes;

        [CommandOption("--periods <T>")]
        [Description("Without FILE: periods of the synthetic network.")]
        [DefaultValue(SyntheticPeriods)]
        [TypeConverter(typeof(Int32OptionConverter))]
        [NumberRange(1, 100_000)]
        public int Periods { get; init; } = SyntheticPeriods;

        [CommandOption("-n|--trials <N>")]
        [Description("Trials in each timed run (one on 1 thread, one on T threads).")]
        [DefaultValue(100_000L)]
        [TypeConverter(typeof(Int64OptionConverter))]
        [NumberRange(1, SimulationSettings.MaxTrials)]
        public long Trials { get; init; } = 100_000;

        [CommandOption("-t|--threads <T>")]
        [Description("Worker threads of the parallel run (default: all cores).")]
        [TypeConverter(typeof(Int32OptionConverter))]
        [NumberRange(1, SimulationSettings.MaxThreads)]
        public int? Threads { get; init; }

        [CommandOption("--max-warmup <SECONDS>")]
        [Description("Longest warm-up in seconds. The warm-up runs blocks of trials until two in a row run within 3% of each other's rate (steady state), or this long.")]
        [DefaultValue(MaxWarmupSeconds)]
        [TypeConverter(typeof(RealOptionConverter))]
        [NumberRange(0.1, 3600)]
        public double MaxWarmup { get; init; } = MaxWarmupSeconds;

        [CommandOption("-f|--format <FORMAT>")]
        [Description("Output on the console: table or json.")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        public override ValidationResult Validate()
        {
            if (Format is not ("table" or "json"))
            {
                return ValidationResult.Error($"--format '{Format}' is not allowed; use table or json");
            }

            if (Nodes < SyntheticNetwork.MinNodes)
            {
                return ValidationResult.Error($"--nodes must be at least {SyntheticNetwork.MinNodes}");
            }

            if (Periods < 1)
            {
                return ValidationResult.Error("--periods must be at least 1");
            }

            if (File is not null && (Nodes != SyntheticNodes || Periods != SyntheticPeriods))
            {
                return ValidationResult.Error("--nodes and --periods shape the synthetic network; they cannot be used with FILE");
            }

            if (Trials < 1)
            {
                return ValidationResult.Error("--trials must be at least 1");
            }

            if (Threads is < 1)
            {
                return ValidationResult.Error("--threads must be at least 1");
            }

            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var setupClock = Stopwatch.StartNew();
        var timings = new LoadTimings();
        Scenario scenario = settings.File is null ? Synthetic(settings.Nodes, settings.Periods, timings) : ScenarioInput.Load(errors, settings.File, timings).Scenario;
        long compileStart = Stopwatch.GetTimestamp();
        FlowPlan plan = PlanCompiler.Compile(scenario, null);
        TimeSpan compileCall = Stopwatch.GetElapsedTime(compileStart);

        // Validation compiles the baseline for its median-trial warnings and the run reuses that plan: its
        // compile time is then taken out of validation's and reported as the compile step.
        bool reused = compileCall < plan.BuildTime;
        TimeSpan compile = reused ? plan.BuildTime : compileCall;
        TimeSpan validate = reused ? timings.Validate - plan.BuildTime : timings.Validate;
        long accumulatorStart = Stopwatch.GetTimestamp();
        _ = new RunAccumulator(plan, []);
        TimeSpan accumulator = Stopwatch.GetElapsedTime(accumulatorStart);
        setupClock.Stop();
        var setup = new Setup(timings.Read.TotalSeconds, timings.Parse.TotalSeconds, validate.TotalSeconds, compile.TotalSeconds, accumulator.TotalSeconds, setupClock.Elapsed.TotalSeconds);

        int threads = settings.Threads ?? Environment.ProcessorCount;
        ulong seed = scenario.Seed;

        Warmup warmup = WarmUp(plan, seed, settings.MaxWarmup, cancellationToken);
        double allocated = AllocatedBytesPerTrial(plan, seed, (int)Math.Min(settings.Trials, AllocationTrials), cancellationToken);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        (MonteCarloResult single, TimeSpan singleCpu) = Timed(plan, Options(settings.Trials, seed, 1), cancellationToken);
        long runAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        (MonteCarloResult parallel, TimeSpan parallelCpu) = threads == 1
            ? (single, singleCpu)
            : Timed(plan, Options(settings.Trials, seed, threads), cancellationToken);
        if (single.Partial || parallel.Partial || cancellationToken.IsCancellationRequested)
        {
            errors.Warning("interrupted: no measurement.");
            return ExitCodes.Interrupted;
        }

        var report = new BenchReport(
            Scenario: scenario.Name,
            Nodes: plan.NodeCount,
            LegitEdges: plan.LegitEdgeCount,
            Routes: plan.RouteCount,
            Draws: plan.Draws.Length,
            Periods: plan.Periods,
            Trials: settings.Trials,
            Threads: threads,
            ProcessorCount: Environment.ProcessorCount,
            Runtime: Environment.Version.ToString(),
            Setup: setup,
            Warmup: warmup,
            SingleThread: Timing.Of(single, singleCpu, plan.Periods),
            Parallel: Timing.Of(parallel, parallelCpu, plan.Periods),
            AllocatedBytesPerTrial: allocated,
            RunAllocatedBytesPerTrial: (double)runAllocated / settings.Trials,
            IdenticalResults: SameLeakage(single, parallel));

        if (settings.Format == "json")
        {
            ConsoleText.Line(console, report.ToJson());
        }
        else
        {
            report.Write(console);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The network used when no file is given; it always validates.</summary>
    internal static Scenario Synthetic(int nodes = SyntheticNodes, int periods = SyntheticPeriods, LoadTimings? timings = null)
    {
        string yaml = SyntheticNetwork.Yaml(nodes, periods, 1);
        LoadResult result = ScenarioLoader.LoadFromString($"synthetic-{nodes}x{periods}.yaml", yaml, timings);
        return result.Scenario ?? throw new InvalidOperationException(string.Join('\n', result.Diagnostics));
    }

    /// <summary>Bytes allocated on this thread per <see cref="TrialRunner.Run"/> call, after a warm-up of the same loop.</summary>
    internal static double AllocatedBytesPerTrial(FlowPlan plan, ulong seed, int trials, CancellationToken cancellation)
    {
        var state = new TrialState(plan);
        RunTrials(plan, state, seed, 0, trials, cancellation);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int done = RunTrials(plan, state, seed, trials, trials, cancellation);
        long after = GC.GetAllocatedBytesForCurrentThread();
        return done == 0 ? 0.0 : (double)(after - before) / done;
    }

    private static int RunTrials(FlowPlan plan, TrialState state, ulong seed, long first, int count, CancellationToken cancellation)
    {
        for (int i = 0; i < count; i++)
        {
            if ((i & 63) == 0 && cancellation.IsCancellationRequested)
            {
                return i;
            }

            TrialRunner.Run(plan, state, StreamKeys.TrialKey(seed, first + i));
        }

        return count;
    }

    /// <summary>A run and the CPU time the process spent on it (all threads).</summary>
    private static (MonteCarloResult Result, TimeSpan Cpu) Timed(FlowPlan plan, RunOptions options, CancellationToken cancellation)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        MonteCarloResult result = MonteCarloRunner.Run([plan], options, null, cancellation);
        process.Refresh();
        return (result, process.TotalProcessorTime - cpu);
    }

    private static RunOptions Options(long trials, ulong seed, int threads) => new() { Trials = trials, Seed = seed, Threads = threads };

    /// <summary>
    /// Seconds of each set-up step: reading the file, parsing it, validating (its own checks), compiling the baseline
    /// plan (done once, inside validation when its median-trial warnings need the plan) and building its statistics.
    /// </summary>
    internal sealed record Setup(double Read, double Parse, double Validate, double Compile, double Accumulator, double Seconds);

    /// <summary>How long the warm-up ran, and whether the rate had settled when it stopped.</summary>
    internal sealed record Warmup(long Trials, double Seconds, double TrialsPerSecond, bool Steady);

    /// <summary>Default longest warm-up; a model whose rate has not settled by then is reported as not steady.</summary>
    internal const double MaxWarmupSeconds = 10;

    /// <summary>
    /// Warms up by time, not by a fixed number of trials: blocks of trials on one thread, each twice as long as
    /// the one before (from 16 trials, so a large network's first block is short), until two blocks in a row of at least 0.2 s each run within 3% of each
    /// other's rate (the JIT has tiered the hot loop up and the rate is steady), or <paramref name="maxSeconds"/>
    /// have passed. On a small model a fixed 2,000 trials ended before tier-up and halved the reported rate.
    /// </summary>
    private static Warmup WarmUp(FlowPlan plan, ulong seed, double maxSeconds, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        long trials = 16, done = 0;
        double previous = 0;
        while (!cancellation.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            MonteCarloRunner.Run([plan], Options(trials, seed, 1), null, cancellation);
            double seconds = clock.Elapsed.TotalSeconds;
            double rate = trials / Math.Max(seconds, 1e-9);
            done += trials;
            if (seconds >= 0.2 && previous > 0 && Math.Abs(rate - previous) <= 0.03 * previous)
            {
                return new Warmup(done, total.Elapsed.TotalSeconds, rate, true);
            }

            if (total.Elapsed.TotalSeconds >= maxSeconds)
            {
                return new Warmup(done, total.Elapsed.TotalSeconds, rate, false);
            }

            previous = seconds >= 0.2 ? rate : 0;
            trials = seconds >= 0.2 ? trials : trials * 2;
        }

        return new Warmup(done, total.Elapsed.TotalSeconds, 0, false);
    }

    private static bool SameLeakage(MonteCarloResult a, MonteCarloResult b)
    {
        var x = a.Accumulators[0].Outcomes[(int)Outcome.Leaked].Moments;
        var y = b.Accumulators[0].Outcomes[(int)Outcome.Leaked].Moments;
        return x.Count == y.Count && x.Mean.Equals(y.Mean) && x.Variance.Equals(y.Variance);
    }

    /// <summary>One timed run.</summary>
    /// <param name="Threads">Worker threads.</param>
    /// <param name="Seconds">Wall time of the run.</param>
    /// <param name="TrialsPerSecond">Trials over wall time.</param>
    /// <param name="NanosecondsPerTrialPeriod">Wall time per trial and period, in ns.</param>
    /// <param name="CpuSeconds">CPU time of the process during the run, all threads together.</param>
    /// <param name="CpuNanosecondsPerTrialPeriod">CPU time per trial and period, in ns: the cost of the work
    /// itself, which other load on a shared machine inflates far less than wall time.</param>
    internal sealed record Timing(int Threads, double Seconds, double TrialsPerSecond, double NanosecondsPerTrialPeriod, double CpuSeconds, double CpuNanosecondsPerTrialPeriod)
    {
        public static Timing Of(MonteCarloResult result, TimeSpan cpu, int periods)
        {
            double seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-9);
            double rate = result.TrialsCompleted / seconds;
            double trialPeriods = Math.Max(1.0, (double)result.TrialsCompleted * periods);
            return new Timing(result.Threads, seconds, rate, 1e9 / (rate * periods), cpu.TotalSeconds, cpu.TotalSeconds * 1e9 / trialPeriods);
        }
    }

    /// <summary>What <c>bench</c> measured.</summary>
    internal sealed record BenchReport(
        string Scenario,
        int Nodes,
        int LegitEdges,
        int Routes,
        int Draws,
        int Periods,
        long Trials,
        int Threads,
        int ProcessorCount,
        string Runtime,
        Setup Setup,
        Warmup Warmup,
        Timing SingleThread,
        Timing Parallel,
        double AllocatedBytesPerTrial,
        double RunAllocatedBytesPerTrial,
        bool IdenticalResults)
    {
        /// <summary>Trials per second on T threads over trials per second on one.</summary>
        public double Speedup => Parallel.TrialsPerSecond / SingleThread.TrialsPerSecond;

        public string ToJson()
        {
            return JsonText.Write(w =>
            {
                    w.WriteStartObject();
                    w.WriteString("scenario", Scenario);
                    w.WriteNumber("nodes", Nodes);
                    w.WriteNumber("legitEdges", LegitEdges);
                    w.WriteNumber("routes", Routes);
                    w.WriteNumber("draws", Draws);
                    w.WriteNumber("periods", Periods);
                    w.WriteNumber("trials", Trials);
                    w.WriteNumber("processorCount", ProcessorCount);
                    w.WriteString("runtime", Runtime);
                    w.WriteNumber("setupSeconds", Setup.Seconds);
                    w.WriteStartObject("setup");
                    w.WriteNumber("readSeconds", Setup.Read);
                    w.WriteNumber("parseSeconds", Setup.Parse);
                    w.WriteNumber("validateSeconds", Setup.Validate);
                    w.WriteNumber("compileSeconds", Setup.Compile);
                    w.WriteNumber("accumulatorSeconds", Setup.Accumulator);
                    w.WriteNumber("seconds", Setup.Seconds);
                    w.WriteEndObject();
                    w.WriteStartObject("warmup");
                    w.WriteNumber("trials", Warmup.Trials);
                    w.WriteNumber("seconds", Warmup.Seconds);
                    w.WriteNumber("trialsPerSecond", Warmup.TrialsPerSecond);
                    w.WriteBoolean("steady", Warmup.Steady);
                    w.WriteEndObject();
                    WriteTiming(w, "singleThread", SingleThread);
                    WriteTiming(w, "parallel", Parallel);
                    w.WriteNumber("speedup", Speedup);
                    w.WriteNumber("allocatedBytesPerTrial", AllocatedBytesPerTrial);
                    w.WriteNumber("runAllocatedBytesPerTrial", RunAllocatedBytesPerTrial);
                    w.WriteBoolean("identicalResults", IdenticalResults);
                    w.WriteEndObject();
            }).TrimEnd();
        }

        public void Write(IAnsiConsole console)
        {
            ConsoleText.Line(console, $"{Scenario}: {Nodes:N0} nodes, {LegitEdges:N0} legit edges, {Routes:N0} routes, {Draws:N0} draws, {Periods:N0} periods; {Trials:N0} trials per run; .NET {Runtime}, {ProcessorCount} cores");
            ConsoleText.Line(console, Warmup.Steady
                ? $"Warm-up: {Warmup.Trials:N0} trials in {Warmup.Seconds:N1} s, until two blocks ran within 3% of each other ({Warmup.TrialsPerSecond:N0} trials/s): the figures below are steady-state"
                : $"Warm-up: {Warmup.Trials:N0} trials in {Warmup.Seconds:N1} s and the rate had not settled (the machine may be busy): treat the figures below with care");
            var table = new Table().AddColumns("measure", "1 thread", $"{Parallel.Threads} threads");
            table.Columns[1].RightAligned();
            table.Columns[2].RightAligned();
            table.AddRow("trials/s", F(SingleThread.TrialsPerSecond, "N0"), F(Parallel.TrialsPerSecond, "N0"));
            table.AddRow("ns per trial-period", F(SingleThread.NanosecondsPerTrialPeriod, "N1"), F(Parallel.NanosecondsPerTrialPeriod, "N1"));
            table.AddRow("CPU ns per trial-period", F(SingleThread.CpuNanosecondsPerTrialPeriod, "N1"), F(Parallel.CpuNanosecondsPerTrialPeriod, "N1"));
            table.AddRow("wall time (s)", F(SingleThread.Seconds, "N3"), F(Parallel.Seconds, "N3"));
            table.AddRow("CPU time (s)", F(SingleThread.CpuSeconds, "N3"), F(Parallel.CpuSeconds, "N3"));
            table.AddRow("speed-up", "1.00", F(Speedup, "N2"));
            console.Write(table);
            ConsoleText.Line(console, $"Allocated per trial in TrialRunner.Run: {F(AllocatedBytesPerTrial, "N1")} B (must be 0)");
            ConsoleText.Line(console, $"Allocated per trial over a whole 1-thread run (accumulators, blocks, threads): {F(RunAllocatedBytesPerTrial, "N1")} B");
            ConsoleText.Line(console, $"Same results on 1 and {Parallel.Threads} threads: {(IdenticalResults ? "yes" : "NO")}");
            ConsoleText.Line(console, $"Set-up {F(Setup.Seconds, "N3")} s: read {F(Setup.Read, "N3")} s, parse {F(Setup.Parse, "N3")} s, validate {F(Setup.Validate, "N3")} s, compile {F(Setup.Compile, "N3")} s, statistics {F(Setup.Accumulator, "N3")} s");
        }

        private static void WriteTiming(Utf8JsonWriter w, string name, Timing t)
        {
            w.WriteStartObject(name);
            w.WriteNumber("threads", t.Threads);
            w.WriteNumber("seconds", t.Seconds);
            w.WriteNumber("trialsPerSecond", t.TrialsPerSecond);
            w.WriteNumber("nanosecondsPerTrialPeriod", t.NanosecondsPerTrialPeriod);
            w.WriteNumber("cpuSeconds", t.CpuSeconds);
            w.WriteNumber("cpuNanosecondsPerTrialPeriod", t.CpuNanosecondsPerTrialPeriod);
            w.WriteEndObject();
        }

        private static string F(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);
    }
}
