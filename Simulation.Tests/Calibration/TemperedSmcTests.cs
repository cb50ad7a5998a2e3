using ExportFlow.Simulation.Calibration;

namespace ExportFlow.Simulation.Tests.Calibration;

public class TemperedSmcTests
{
    private const int Particles = 4000;

    private static SmcResult Calibrate(ToyModel model, int particles = Particles, ulong seed = 7, int threads = 1) =>
        TemperedSmc.Run(model, new SmcOptions { Particles = particles, Seed = seed, Threads = threads });

    private static (double Mean, double Sd) Moments(SmcResult r, int outcome)
    {
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < r.Particles; i++)
        {
            double v = r.Outcomes[(i * r.OutcomeCount) + outcome];
            sum += v;
            sumSquares += v * v;
        }

        double mean = sum / r.Particles;
        return (mean, Math.Sqrt((sumSquares / r.Particles) - (mean * mean)));
    }

    // Tolerance for a posterior mean from SMC particles: 5 posterior sds over √(N/4), allowing the particles'
    // correlation after resampling to cut the effective sample size by four.
    private static double MeanTolerance(double sd, int n = Particles) => 5 * sd / Math.Sqrt(n / 4.0);

    [Test]
    public void Run_NormalPriorNormalError_MatchesConjugatePosterior()
    {
        // θ = μ0 + τ·z with z ~ N(0, 1), observed o = θ + N(0, σ²):
        // posterior θ ~ N((τ²·o + σ²·μ0)/(τ² + σ²), τ²σ²/(τ² + σ²)) = N(12.4, 0.8).
        const double mu0 = 10, tau = 2, sigma = 1, observed = 13;
        var model = new ToyModel(1, (z, _) => [mu0 + (tau * z[0])], [(observed, new ErrorModel(ErrorKind.Normal, sigma))]);

        SmcResult r = Calibrate(model);

        double postMean = ((tau * tau * observed) + (sigma * sigma * mu0)) / ((tau * tau) + (sigma * sigma));
        double postSd = Math.Sqrt(tau * tau * sigma * sigma / ((tau * tau) + (sigma * sigma)));
        var (mean, sd) = Moments(r, 0);
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(postMean).Within(MeanTolerance(postSd)));
            Assert.That(sd, Is.EqualTo(postSd).Within(0.08 * postSd));
            Assert.That(r.Steps[^1].Gamma, Is.EqualTo(1.0));
        });
    }

    [Test]
    public void Run_NoisyModel_UsesNoiseAndErrorVariancesTogether()
    {
        // Pseudo-marginal: y = θ + ν with ν ~ N(0, s²) from the noise key, observed with normal(σ) error. The
        // marginal likelihood of θ is N(o; θ, σ² + s²), so the posterior is the conjugate one with σ² + s².
        const double mu0 = 0, tau = 3, sigma = 1, s = 1.5, observed = 4;
        var model = new ToyModel(1, (z, noise) => [mu0 + (tau * z[0]) + (s * noise)], [(observed, new ErrorModel(ErrorKind.Normal, sigma))]);

        SmcResult r = Calibrate(model);

        double v = (sigma * sigma) + (s * s);
        double postMean = ((tau * tau * observed) + (v * mu0)) / ((tau * tau) + v);
        double postSd = Math.Sqrt(tau * tau * v / ((tau * tau) + v));
        // The particles' θ: the outcome minus its noise is not recorded, so recover θ from the scores.
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < r.Particles; i++)
        {
            double theta = mu0 + (tau * r.Scores[i]);
            sum += theta;
            sumSquares += theta * theta;
        }

        double mean = sum / r.Particles, sd = Math.Sqrt((sumSquares / r.Particles) - (mean * mean));
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(postMean).Within(MeanTolerance(postSd)));
            Assert.That(sd, Is.EqualTo(postSd).Within(0.1 * postSd));
        });
    }

    [Test]
    public void Run_LogNormalPriorLogNormalError_MatchesConjugatePosteriorOfTheLog()
    {
        // θ = exp(m + s·z), ln o = ln θ + N(0, σ²): ln θ | o ~ N((s²·ln o + σ²·m)/(s² + σ²), s²σ²/(s² + σ²)).
        const double m = 12, s = 0.5, sigma = 0.2;
        double observed = Math.Exp(12.6);
        var model = new ToyModel(1, (z, _) => [Math.Exp(m + (s * z[0]))], [(observed, new ErrorModel(ErrorKind.LogNormal, sigma))]);

        SmcResult r = Calibrate(model);

        double postMean = ((s * s * Math.Log(observed)) + (sigma * sigma * m)) / ((s * s) + (sigma * sigma));
        double postSd = Math.Sqrt(s * s * sigma * sigma / ((s * s) + (sigma * sigma)));
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < r.Particles; i++)
        {
            double logTheta = Math.Log(r.Outcomes[i]);
            sum += logTheta;
            sumSquares += logTheta * logTheta;
        }

        double mean = sum / r.Particles, sd = Math.Sqrt((sumSquares / r.Particles) - (mean * mean));
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(postMean).Within(MeanTolerance(postSd)));
            Assert.That(sd, Is.EqualTo(postSd).Within(0.08 * postSd));
        });
    }

    [Test]
    public void Run_UninformativeEvidence_LeavesThePrior()
    {
        var model = new ToyModel(2, (z, _) => [z[0] + z[1]], [(0.5, new ErrorModel(ErrorKind.Normal, 1e9))]);

        SmcResult r = Calibrate(model);

        double sum = 0, sumSquares = 0;
        for (int i = 0; i < r.Particles; i++)
        {
            double z0 = r.Scores[2 * i];
            sum += z0;
            sumSquares += z0 * z0;
        }

        double mean = sum / r.Particles, sd = Math.Sqrt((sumSquares / r.Particles) - (mean * mean));
        Assert.Multiple(() =>
        {
            Assert.That(r.Steps, Has.Count.EqualTo(1), "γ should go from 0 to 1 in one step");
            Assert.That(r.Steps[0].Ess, Is.GreaterThan(0.999 * Particles));
            Assert.That(mean, Is.EqualTo(0).Within(MeanTolerance(1)));
            Assert.That(sd, Is.EqualTo(1).Within(0.06));
        });
    }

    [Test]
    public void Run_TwoAndOneThreads_GiveTheSameParticlesBitForBit()
    {
        ToyModel Model() => new(2, (z, noise) => [z[0] + (0.3 * z[1]) + (0.2 * noise), z[1]],
            [(1.5, new ErrorModel(ErrorKind.Normal, 0.3)), (0.0, new ErrorModel(ErrorKind.AtLeast, 0.1))]);

        SmcResult one = Calibrate(Model(), 1000, 3, threads: 1);
        SmcResult two = Calibrate(Model(), 1000, 3, threads: 2);

        Assert.Multiple(() =>
        {
            Assert.That(two.Scores, Is.EqualTo(one.Scores));
            Assert.That(two.LogLikelihoods, Is.EqualTo(one.LogLikelihoods));
            Assert.That(two.NoiseKeys, Is.EqualTo(one.NoiseKeys));
            Assert.That(two.Steps, Is.EqualTo(one.Steps));
        });
    }

    [Test]
    public void Run_DifferentSeeds_GiveDifferentParticles()
    {
        ToyModel Model() => new(1, (z, _) => [z[0]], [(1, new ErrorModel(ErrorKind.Normal, 0.5))]);

        Assert.That(Calibrate(Model(), 500, 1).Scores, Is.Not.EqualTo(Calibrate(Model(), 500, 2).Scores));
    }

    [Test]
    public void Run_EvidenceImpossibleEverywhere_ThrowsCalibrationException()
    {
        // A lognormal error on an outcome that is never positive.
        var model = new ToyModel(1, (z, _) => [-Math.Abs(z[0])], [(5, new ErrorModel(ErrorKind.LogNormal, 0.1))]);

        Assert.That(() => Calibrate(model, 200), Throws.TypeOf<CalibrationException>().With.Message.Contains("no prior draw"));
    }

    [Test]
    public void Run_SoftUpperBound_CutsThePriorAtTheBound()
    {
        // θ = z ~ N(0, 1) with atMost(0) at a tiny width: the posterior is the half-normal below 0, mean −√(2/π).
        var model = new ToyModel(1, (z, _) => [z[0]], [(0, new ErrorModel(ErrorKind.AtMost, 1e-4))]);

        SmcResult r = Calibrate(model);

        var (mean, sd) = Moments(r, 0);
        double halfSd = Math.Sqrt(1 - (2 / Math.PI));
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(-Math.Sqrt(2 / Math.PI)).Within(MeanTolerance(halfSd)));
            Assert.That(sd, Is.EqualTo(halfSd).Within(0.08 * halfSd));
            Assert.That(r.Outcomes.Max(), Is.LessThan(5e-4));
        });
    }

    [Test]
    public void Run_SimulationBasedCalibration_RanksAreUniformAndIntervalsCover()
    {
        // Talts et al. (2018): θ* from the prior, its evidence simulated with the model's own noise and error,
        // calibrate, rank θ* among the posterior particles. With an exact sampler the ranks are uniform and a
        // central 90% interval covers θ* in 90% of the replications.
        const int replications = 120, particles = 400, bins = 8;
        var counts = new int[bins];
        int covered = 0;
        for (int rep = 0; rep < replications; rep++)
        {
            var truth = new EventStreamDraws((ulong)(1000 + rep));
            double z1 = truth.Normal(), z2 = truth.Normal();
            double y1 = z1 + (0.5 * z2) + (0.4 * truth.Normal()) + (0.3 * truth.Normal());
            double y2 = Math.Exp(0.5 * z2) * Math.Exp(0.25 * truth.Normal());
            var model = new ToyModel(2, (z, noise) => [z[0] + (0.5 * z[1]) + (0.4 * noise), Math.Exp(0.5 * z[1])],
                [(y1, new ErrorModel(ErrorKind.Normal, 0.3)), (y2, new ErrorModel(ErrorKind.LogNormal, 0.25))]);

            SmcResult r = Calibrate(model, particles, (ulong)(50 + rep));

            double[] posterior = [.. Enumerable.Range(0, particles).Select(i => r.Scores[2 * i])];
            int rank = posterior.Count(v => v < z1);
            counts[Math.Min(bins - 1, rank * bins / (particles + 1))]++;
            Array.Sort(posterior);
            covered += z1 >= posterior[(int)(0.05 * particles)] && z1 <= posterior[(int)(0.95 * particles) - 1] ? 1 : 0;
        }

        double expected = (double)replications / bins;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.Multiple(() =>
        {
            // χ² with 7 degrees of freedom: 24.3 is its 99.9th percentile.
            Assert.That(chiSquare, Is.LessThan(24.3), $"rank counts {string.Join(", ", counts)}");
            // Coverage of 90% intervals: binomial(120, 0.9) has sd 3.3; allow about 3 sds.
            Assert.That(covered, Is.InRange(98, 118));
        });
    }

    private sealed class EventStreamDraws(ulong key)
    {
        private ExportFlow.Simulation.Random.EventStream _stream = new(key);

        public double Normal() => ExportFlow.Simulation.Random.StandardNormal.InverseCdf(_stream.NextUniform());
    }
}
