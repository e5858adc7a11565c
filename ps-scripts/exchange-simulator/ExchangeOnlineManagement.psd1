# The exo-bridge Exchange Online simulator: a stand-in for Microsoft's ExchangeOnlineManagement
# module (EXO V3) for tests without a tenant. Its own GUID; it is not Microsoft's module.
@{
    RootModule        = 'ExchangeOnlineManagement.psm1'
    ModuleVersion     = '3.10.1'
    GUID              = '6d1f3c52-8a0e-4b7e-9c3f-5e2a1b7d9e41'
    Author            = 'exo-bridge'
    CompanyName       = 'exo-bridge'
    Copyright         = '(c) exo-bridge contributors'
    Description       = 'exo-bridge Exchange Online simulator: an offline stand-in for the ExchangeOnlineManagement module (EXO V3) that serves a simulated tenant from a state file. Not Microsoft''s module; it never contacts Microsoft.'
    # As in the real module: the manifest asks for 3.0, the simulator itself needs PowerShell 7.
    PowerShellVersion = '3.0'
    FunctionsToExport = @(
        'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Get-ConnectionInformation',
        'Get-EXOMailbox', 'Get-EXORecipient', 'Get-EXOMailboxStatistics',
        'Get-ExoSimulatorInfo', 'New-ExoSimulatorTenant', 'Set-ExoSimulatorBehavior',
        'New-ExoSimulatorAccessToken', 'Approve-ExoSimulatorDevice'
    )
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
    PrivateData       = @{
        PSData = @{
            Tags         = @('Simulator', 'exo-bridge', 'ExchangeOnline', 'Testing')
            ProjectUri   = 'https://github.com/exo-bridge/exo-bridge'
            ReleaseNotes = 'Simulator of ExchangeOnlineManagement 3.x for offline tests.'
        }
        ExoBridgeSimulator = @{ SimulatorVersion = '1.0.0' }
    }
}
