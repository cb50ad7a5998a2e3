namespace ExportFlow.Simulation.Statistics;

/// <summary>
/// Means, sums of squared deviations and the co-moment Σ(x − mean_x)(y − mean_y) of a stream of
/// pairs, updated by the bivariate Welford recurrence and merged with Chan et al.'s formula.
/// </summary>
/// <remarks>
/// Implementation note: a fixed sequence of IEEE operations per pair and per merge, so merging the
/// same blocks in the same order is bit-identical whatever thread filled them; merging into an empty
/// accumulator copies exactly.
/// </remarks>
internal sealed class CoMomentAccumulator
{
    private long _count;
    private double _meanX;
    private double _meanY;
    private double _m2X;
    private double _m2Y;
    private double _coMoment;

    /// <summary>Number of pairs added. Range: ≥ 0.</summary>
    public long Count => _count;

    /// <summary>Mean of x; <see cref="double.NaN"/> when empty.</summary>
    public double MeanX => _count == 0 ? double.NaN : _meanX;

    /// <summary>Mean of y; <see cref="double.NaN"/> when empty.</summary>
    public double MeanY => _count == 0 ? double.NaN : _meanY;

    /// <summary>Sample variance of x (n − 1 denominator); 0 when fewer than two pairs.</summary>
    public double VarianceX => _count < 2 ? 0.0 : Math.Max(0.0, _m2X / (_count - 1));

    /// <summary>Sample variance of y (n − 1 denominator); 0 when fewer than two pairs.</summary>
    public double VarianceY => _count < 2 ? 0.0 : Math.Max(0.0, _m2Y / (_count - 1));

    /// <summary>Sample covariance of x and y (n − 1 denominator); 0 when fewer than two pairs.</summary>
    public double Covariance => _count < 2 ? 0.0 : _coMoment / (_count - 1);

    /// <summary>Adds one pair of finite values. Does not allocate.</summary>
    public void AddUnchecked(double x, double y)
    {
        _count++;
        double dx = x - _meanX;
        double dy = y - _meanY;
        _meanX += dx / _count;
        _meanY += dy / _count;
        _m2X += dx * (x - _meanX);
        _m2Y += dy * (y - _meanY);
        _coMoment += dx * (y - _meanY);
    }

    /// <summary>Merges <paramref name="other"/> into this accumulator, its pairs counted after this one's.</summary>
    public void Merge(CoMomentAccumulator other)
    {
        long nb = other._count;
        double meanXB = other._meanX;
        double meanYB = other._meanY;
        double m2XB = other._m2X;
        double m2YB = other._m2Y;
        double coB = other._coMoment;
        if (nb == 0)
        {
            return;
        }

        if (_count == 0)
        {
            _count = nb;
            _meanX = meanXB;
            _meanY = meanYB;
            _m2X = m2XB;
            _m2Y = m2YB;
            _coMoment = coB;
            return;
        }

        long na = _count;
        long n = na + nb;
        double dx = meanXB - _meanX;
        double dy = meanYB - _meanY;
        double nbOverN = (double)nb / n;
        _meanX += dx * nbOverN;
        _meanY += dy * nbOverN;
        _m2X += m2XB + (dx * dx * na * nbOverN);
        _m2Y += m2YB + (dy * dy * na * nbOverN);
        _coMoment += coB + (dx * dy * na * nbOverN);
        _count = n;
    }

    /// <summary>Forgets every pair.</summary>
    public void Reset()
    {
        _count = 0;
        _meanX = 0.0;
        _meanY = 0.0;
        _m2X = 0.0;
        _m2Y = 0.0;
        _coMoment = 0.0;
    }
}
