using ExportFlow.Simulation.Analysis;
using ExportFlow.Simulation.Tests.Engine;

namespace ExportFlow.Simulation.Tests.Analysis;

public class StructureCheckTests
{
    [Test]
    public void FirstDifference_SameStructureDifferentValues_IsNull()
    {
        var a = TestNetworks.Compile(ComparisonScenarios.TwoHubs());
        var b = TestNetworks.Compile(ComparisonScenarios.TwoHubs(demand: "100", premium: true, detectionA: 0.3));

        Assert.That(StructureCheck.FirstDifference(a, "a", b, "b"), Is.Null);
    }

    [Test]
    public void FirstDifference_OtherQuantityUnit_NamesBothUnits()
    {
        string yaml = ComparisonScenarios.TwoHubs();
        var a = TestNetworks.Compile("quantityUnit: chips\n" + yaml);
        var b = TestNetworks.Compile(yaml);

        Assert.That(StructureCheck.FirstDifference(a, "a", b, "b"), Is.EqualTo("quantity unit is 'H100e' in b but 'chips' in a"));
    }

    [Test]
    public void FirstDifference_ExtraIllicitEdge_NamesTheEdge()
    {
        string yaml = ComparisonScenarios.TwoHubs();
        string extra = yaml.Replace(
            "  - { id: b-cn,",
            "  - { id: a-cn-2, from: hub-a, to: cn, channel: illicit, detection: 0.2 }\n  - { id: b-cn,",
            StringComparison.Ordinal);
        var a = TestNetworks.Compile(yaml);
        var b = TestNetworks.Compile(extra);

        Assert.That(StructureCheck.FirstDifference(a, "a", b, "b"), Is.EqualTo("illicit edge 'a-cn-2' is in b but not in a"));
    }

    [Test]
    public void FirstDifference_EdgesInAnotherOrder_NamesThePosition()
    {
        string yaml = ComparisonScenarios.TwoHubs();
        string aLine = yaml.Split('\n').Single(l => l.Contains("id: a-cn", StringComparison.Ordinal));
        string bLine = yaml.Split('\n').Single(l => l.Contains("id: b-cn", StringComparison.Ordinal));
        string swapped = yaml.Replace(aLine, "@@", StringComparison.Ordinal).Replace(bLine, aLine, StringComparison.Ordinal).Replace("@@", bLine, StringComparison.Ordinal);
        var a = TestNetworks.Compile(yaml);
        var b = TestNetworks.Compile(swapped);

        Assert.That(StructureCheck.FirstDifference(a, "a", b, "b"), Is.EqualTo("illicit edges are in a different order: illicit edge 1 is 'b-cn' in b but 'a-cn' in a"));
    }
}
