# The exo-bridge Exchange Online simulator. Plain PowerShell: the real module's compiled cmdlets
# (Get-EXO*, Get-ConnectionInformation) are functions here. See docs/simulator.md.


Set-StrictMode -Off
$script:ModuleRoot = $PSScriptRoot
foreach ($file in 'State', 'Mailboxes', 'Filter', 'Auth', 'Classic') { . (Join-Path $PSScriptRoot "private/$file.ps1") }
foreach ($file in 'Connection', 'Recipients', 'Simulator') { . (Join-Path $PSScriptRoot "public/$file.ps1") }

Export-ModuleMember -Function @(
    'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Get-ConnectionInformation',
    'Get-EXOMailbox', 'Get-EXORecipient', 'Get-EXOMailboxStatistics',
    'Get-ExoSimulatorInfo', 'New-ExoSimulatorTenant', 'Set-ExoSimulatorBehavior',
    'New-ExoSimulatorAccessToken', 'Approve-ExoSimulatorDevice')
