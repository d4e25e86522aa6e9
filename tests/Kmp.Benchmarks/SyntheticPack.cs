using System.Text;

namespace Kmp.Benchmarks;

/// <summary>A management pack of a chosen size shaped like the Kaspersky monitoring packs: event alert rules with display strings.</summary>
internal static class SyntheticPack
{
    public static string Create(int targetCharacters)
    {
        const string id = "KasperskyLab.Benchmark.Library";
        var rules = new StringBuilder();
        var strings = new StringBuilder();
        var n = 0;
        while (rules.Length + strings.Length < targetCharacters - 1200)
        {
            rules.Append($"""
                      <Rule ID="{id}.Event{n}.Alert" Enabled="true" Target="{id}.Application" ConfirmDelivery="true" Remotable="true" Priority="Normal" DiscardLevel="100">
                        <Category>Alert</Category>
                        <DataSources>
                          <DataSource ID="DS" TypeID="Windows!Microsoft.Windows.EventProvider">
                            <ComputerName>$Target/Host/Property[Type="Windows!Microsoft.Windows.Computer"]/NetworkName$</ComputerName>
                            <LogName>Kaspersky Event Log</LogName>
                            <Expression><SimpleExpression><ValueExpression><XPathQuery Type="UnsignedInteger">EventDisplayNumber</XPathQuery></ValueExpression><Operator>Equal</Operator><ValueExpression><Value Type="UnsignedInteger">{1000 + n}</Value></ValueExpression></SimpleExpression></Expression>
                          </DataSource>
                        </DataSources>
                      </Rule>

                """.Replace("\n", "\r\n"));
            strings.Append($"""
                        <DisplayString ElementID="{id}.Event{n}.Alert"><Name>Event {1000 + n}: the protection component reported a problem</Name><Description>Check the application's report for event {1000 + n}.</Description></DisplayString>

                """.Replace("\n", "\r\n"));
            n++;
        }
        return $"""
            <ManagementPack ContentReadable="true" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
              <Manifest>
                <Identity>
                  <ID>{id}</ID>
                  <Version>1.0.0.0</Version>
                </Identity>
                <Name>Kaspersky Lab benchmark library</Name>
                <References>
                  <Reference Alias="Windows"><ID>Microsoft.Windows.Library</ID><Version>6.1.7221.0</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>
                </References>
              </Manifest>
              <Monitoring>
                <Rules>
            {rules}    </Rules>
              </Monitoring>
              <LanguagePacks>
                <LanguagePack ID="ENU" IsDefault="true">
                  <DisplayStrings>
            {strings}      </DisplayStrings>
                </LanguagePack>
              </LanguagePacks>
            </ManagementPack>
            """.Replace("\r\n", "\n").Replace("\n", "\r\n");
    }
}
