using System;
using System.IO;
using System.Reflection;
using System.Text;
using Kmp.Scom.Protocol;

namespace Kmp.Scom.Host;

/// <summary>
/// Kmp.Scom.Host: started by kmp for <c>--mg scom://SERVER</c>, it reads one request per line on standard
/// input and writes one response per line on standard output (Kmp.Scom.Protocol), performing each with
/// the Operations Manager SDK. It takes no arguments, so nothing secret is ever on its command line;
/// diagnostics go to standard error.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0)
        {
            Console.Error.WriteLine("Kmp.Scom.Host takes no arguments: kmp starts it for --mg scom://SERVER and speaks to it on standard input and output");
            return 2;
        }
        SdkLocator.Install();
        var utf8 = new UTF8Encoding(false);
        using var input = new StreamReader(Console.OpenStandardInput(), utf8);
        using var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true, NewLine = "\n" };
        using var handler = new ScomHandler();
        HostLoop.Run(input, output, handler, Description());
        return 0;
    }

    private static string Description() =>
        $"Kmp.Scom.Host {typeof(Program).Assembly.GetName().Version} on .NET Framework {Environment.Version}";
}
