namespace Scheduling.Core.Commands;

/// <summary>A one-line progress bar on a terminal; plain lines when output is redirected (CI, logs).</summary>
public sealed class ConsoleProgress(TextWriter output) : IProgress<(long Done, long Total)>
{
    private const int Width = 40;
    private int _lastPercent = -1;

    public void Report((long Done, long Total) value)
    {
        var percent = value.Total == 0 ? 100 : (int)(value.Done * 100 / value.Total);
        if (percent == _lastPercent)
        {
            return;
        }

        _lastPercent = percent;
        if (Console.IsErrorRedirected)
        {
            if (percent % 10 == 0)
            {
                output.WriteLine($"{percent, 3}% ({value.Done:N0} of {value.Total:N0})");
            }

            return;
        }

        var filled = percent * Width / 100;
        output.Write(
            $"\r[{new string('#', filled)}{new string('.', Width - filled)}] "
                + $"{percent, 3}% ({value.Done:N0} of {value.Total:N0})"
        );
        if (percent == 100)
        {
            output.WriteLine();
        }
    }
}
