namespace ExportFlow.Simulation.Tests;

public class SmokeTests
{
    [Test]
    public void Run_NoArgs_ReturnsZero() => Assert.That(Cli.CliApp.Run([]), Is.Zero);
}
