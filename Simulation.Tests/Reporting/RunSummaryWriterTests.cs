using System.Text.Json;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Reporting;
using ExportFlow.Simulation.Tests.Engine;

namespace ExportFlow.Simulation.Tests.Reporting;

public class RunSummaryWriterTests
{
    private static string Write(Action<Utf8JsonWriter> write) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        write(w);
        w.WriteEndObject();
    });

    [Test]
    public void WriteNumber_NaN_WritesNullForAnUndefinedNumber()
    {
        using var json = JsonDocument.Parse(Write(w => RunSummaryWriter.WriteNumber(w, "x", double.NaN)));

        Assert.That(json.RootElement.GetProperty("x").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void WriteNumber_Infinity_ThrowsInsteadOfWritingIt(double value)
    {
        var ex = Assert.Throws<SimulationException>(() => Write(w => RunSummaryWriter.WriteNumber(w, "mean", value)));

        Assert.That(ex!.Message, Does.Contain("'mean'").And.Contain("not a finite number"));
    }

    [Test]
    public void WriteDefined_NaNOfADefinedStatistic_Throws()
    {
        Assert.Throws<SimulationException>(() => Write(w => RunSummaryWriter.WriteDefined(w, "stdDev", double.NaN, defined: true)));
    }

    [Test]
    public void WriteDefined_Undefined_WritesNullWhateverTheValue()
    {
        using var json = JsonDocument.Parse(Write(w => RunSummaryWriter.WriteDefined(w, "stdDev", 3.0, defined: false)));

        Assert.That(json.RootElement.GetProperty("stdDev").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void ToJson_NoTrialCompleted_WritesEveryStatisticAsNullAndPartial()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(3));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        MonteCarloResult result = MonteCarloRunner.Run([plan], new RunOptions { Trials = 5000, Seed = 1, Threads = 2 }, null, cancelled.Token);

        using var json = JsonDocument.Parse(RunSummaryWriter.ToJson(result, 0));
        JsonElement leaked = json.RootElement.GetProperty("leaked");

        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("trials").GetInt64(), Is.Zero);
            Assert.That(json.RootElement.GetProperty("partial").GetBoolean(), Is.True);
            Assert.That(leaked.GetProperty("mean").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(leaked.GetProperty("p95").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.RootElement.GetProperty("regime").GetProperty("probabilityUnmet").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void ToJson_CompletedRun_HasNoNullStatistic()
    {
        FlowPlan plan = TestNetworks.Compile(TestNetworks.Random(3));
        MonteCarloResult result = MonteCarloRunner.Run([plan], new RunOptions { Trials = 1000, Seed = 1, Threads = 2, Thresholds = [10] });

        string json = RunSummaryWriter.ToJson(result, 0);

        Assert.That(json, Does.Not.Contain("null"));
    }
}
