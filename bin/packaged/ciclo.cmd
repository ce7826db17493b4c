@echo off
rem `ciclo`, the command line of the installed Ciclo app (Windows). electron-builder copies this file into
rem the app's resources folder (resources\cli\ciclo.cmd); it runs the app's built CLI on Electron's own Node
rem (ELECTRON_RUN_AS_NODE). Put the folder on PATH, for example in PowerShell:
rem   [Environment]::SetEnvironmentVariable("Path", $env:Path + ";$env:LOCALAPPDATA\Programs\Ciclo\resources\cli", "User")
setlocal
set "RESOURCES=%~dp0.."
set ELECTRON_RUN_AS_NODE=1
set "CICLO_NATIVE_BINDING=%RESOURCES%\native\better_sqlite3.node"
if not defined CICLO_RESOURCES_DIR set "CICLO_RESOURCES_DIR=%RESOURCES%\resources"
"%RESOURCES%\..\Ciclo.exe" "%RESOURCES%\app.asar\out\main\cli.js" %*
exit /b %ERRORLEVEL%
