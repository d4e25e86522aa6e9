' Kaspersky Lab: Service Monitoring
' Reads the anti-virus state that the Kaspersky Security Center Network Agent keeps in the registry
' (Statistics\AVState) and returns it to Operations Manager as one property bag:
'   Found                  1 when the Network Agent reports a security application (Protection_AvInstalled = 1);
'                          0 when it does not (a standalone install): the monitors count that as not applicable
'   RtpProblem             1 when real-time protection is off, paused or failed; 0 when it runs; -1 unknown
'   DatabaseAgeHours       hours since the anti-virus databases were released; -1 unknown
'   DisconnectedHours      hours since the last connection to the Administration Server; -1 unknown
'   AdministrationServer   the Administration Server the computer reports to
' Arguments: the AVState key paths under HKLM to try, separated by "|" (64-bit view first).
' With Found = 1, a value it cannot read is -1 (the monitors show "State unreadable"), and the reason is
' written to the Operations Manager event log (source Health Service Script: 4100 real-time protection
' state, 4101 dates). With Found = 0 nothing is logged.
Option Explicit

Const ScriptName = "KasperskyLab.ServiceMonitoring.vbs"
Const EventWarning = 2
Dim api, bag, shell, keys, key, found, avRunning, rtpState, basesDate, lastConnected, server, nowUtc
Dim rtp, basesAge, disconnected, unreadable
Set api = CreateObject("MOM.ScriptAPI")
Set bag = api.CreatePropertyBag()
Set shell = CreateObject("WScript.Shell")

If WScript.Arguments.Count < 1 Then
  WScript.Echo "usage: KasperskyLab.ServiceMonitoring.vbs AVSTATEKEY[|AVSTATEKEY...]"
  WScript.Quit 1
End If
keys = Split(WScript.Arguments(0), "|")
found = False
For Each key In keys
  If Not found And ReadValue(key, "Protection_AvInstalled") = "1" Then
    found = True
    avRunning = ReadValue(key, "Protection_AvRunning")
    rtpState = ReadValue(key, "Protection_RtpState")
    basesDate = ReadValue(key, "Protection_BasesDate")
    lastConnected = ReadValue(key, "Protection_LastConnected")
    server = ReadValue(key, "Protection_AdmServer")
  End If
Next

nowUtc = UtcNow()
If found Then
  rtp = RtpProblem(avRunning, rtpState)
  basesAge = AgeHours(basesDate, nowUtc)
  disconnected = AgeHours(lastConnected, nowUtc)
  unreadable = ""
  If basesAge < 0 Then unreadable = unreadable & " Protection_BasesDate='" & basesDate & "'"
  If disconnected < 0 Then unreadable = unreadable & " Protection_LastConnected='" & lastConnected & "'"
  If rtp < 0 Then
    api.LogScriptEvent ScriptName, 4100, EventWarning, "The Network Agent's anti-virus state has no readable real-time protection state: Protection_RtpState='" & rtpState & "' Protection_AvRunning='" & avRunning & "'"
  End If
  If basesAge < 0 Or disconnected < 0 Then
    api.LogScriptEvent ScriptName, 4101, EventWarning, "The Network Agent's anti-virus state has dates that could not be read (expected as DD-MM-YYYY HH-MM-SS, UTC):" & unreadable
  End If
  bag.AddValue "Found", 1
  bag.AddValue "RtpProblem", rtp
  bag.AddValue "DatabaseAgeHours", basesAge
  bag.AddValue "DisconnectedHours", disconnected
  bag.AddValue "AdministrationServer", server
Else
  ' No Network Agent state: a standalone install, not managed by Kaspersky Security Center. The monitors
  ' treat Found = 0 as not applicable (healthy); nothing is logged, as nothing is wrong.
  bag.AddValue "Found", 0
  bag.AddValue "RtpProblem", -1
  bag.AddValue "DatabaseAgeHours", -1
  bag.AddValue "DisconnectedHours", -1
  bag.AddValue "AdministrationServer", ""
End If
api.Return bag

Function ReadValue(keyPath, valueName)
  Dim value
  On Error Resume Next
  value = shell.RegRead("HKLM\" & keyPath & "\" & valueName)
  If Err.Number <> 0 Then value = ""
  Err.Clear
  On Error GoTo 0
  ReadValue = CStr(value)
End Function

' 0 Unknown, 1 Disabled, 2 Paused, 3 Starting, 4-8 Enabled, 9 Operation failure
Function RtpProblem(running, state)
  If Len(state) > 0 And IsNumeric(state) Then
    Select Case CLng(state)
      Case 1, 2, 9
        RtpProblem = 1
        Exit Function
      Case 3, 4, 5, 6, 7, 8
        RtpProblem = 0
        Exit Function
    End Select
  End If
  If running = "0" Then
    RtpProblem = 1
  ElseIf running = "1" Then
    RtpProblem = 0
  Else
    RtpProblem = -1
  End If
End Function

' Registry dates are UTC, formatted DD-MM-YYYY HH-MM-SS. -1 means unknown; a stamp slightly in
' the future (clock skew) counts as 0 hours, so the monitor never freezes on it.
Function AgeHours(text, nowUtc)
  Dim stamp, parsed
  AgeHours = -1
  If Len(text) < 19 Then Exit Function
  parsed = False
  On Error Resume Next
  stamp = DateSerial(CInt(Mid(text, 7, 4)), CInt(Mid(text, 4, 2)), CInt(Left(text, 2))) + _
          TimeSerial(CInt(Mid(text, 12, 2)), CInt(Mid(text, 15, 2)), CInt(Mid(text, 18, 2)))
  If Err.Number = 0 Then parsed = True
  Err.Clear
  On Error GoTo 0
  If parsed Then
    AgeHours = DateDiff("h", stamp, nowUtc)
    If AgeHours < 0 Then AgeHours = 0
  End If
End Function

Function UtcNow()
  Dim stamp
  Set stamp = CreateObject("WbemScripting.SWbemDateTime")
  stamp.SetVarDate Now, True
  UtcNow = stamp.GetVarDate(False)
End Function
