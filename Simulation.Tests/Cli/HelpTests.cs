using static ExportFlow.Simulation.Tests.Cli.CliTestHelper;

namespace ExportFlow.Simulation.Tests.Cli;

public class HelpTests
{
    // Spectre.Console reads '[...]' in a description as a style tag: one unescaped bracket makes --help crash.
    [TestCase("run")]
    [TestCase("compare")]
    [TestCase("validate")]
    [TestCase("inspect")]
    [TestCase("bench")]
    [TestCase("sensitivity")]
    [TestCase("calibrate")]
    public void Help_EveryCommand_PrintsItsOptionsAndExits0(string command)
    {
        CliResult r = Run(command, "--help");

        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stdout, Does.Contain("OPTIONS"));
            Assert.That(r.Stderr, Does.Not.Contain("error"));
        });
    }

    [Test]
    public void Help_Sensitivity_ShowsTheBreakdownOutcomeWithItsBrackets()
    {
        Assert.That(Run("sensitivity", "--help").Stdout, Does.Contain("leaked.source[CC]"));
    }
}
