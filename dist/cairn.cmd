@echo off
rem Launcher for Windows, the counterpart of dist/cairn: runs the Cairn jar from anywhere.
rem Jar: lib\cairn.jar beside this script or one level up (installed layout, jlink image), or the
rem build output ..\target\cairn.jar. Java: the jlink image's own runtime (java.exe beside this
rem script), else %CAIRN_JAVA_HOME%, %JAVA_HOME%, then java on PATH (Java 21 or newer).
rem JVM options: CAIRN_JAVA_OPTS, e.g. set CAIRN_JAVA_OPTS=-Xmx2g
setlocal EnableDelayedExpansion
set "here=%~dp0"

set "jar="
for %%j in ("%here%lib\cairn.jar" "%here%..\lib\cairn.jar" "%here%..\target\cairn.jar") do (
    if not defined jar if exist "%%~fj" set "jar=%%~fj"
)
if not defined jar (
    echo cairn: cannot find cairn.jar next to %here% ^(build it with: mvn package^) 1>&2
    exit /b 2
)

set "java="
if exist "%here%java.exe" if exist "%here%..\release" set "java=%here%java.exe"
if not defined java if defined CAIRN_JAVA_HOME call :candidate "%CAIRN_JAVA_HOME%"
if not defined java if defined JAVA_HOME call :candidate "%JAVA_HOME%"
if not defined java for %%p in (java.exe) do if not "%%~$PATH:p"=="" call :candidate "%%~dp$PATH:p.."
if not defined java (
    echo cairn: needs Java 21 or newer; set JAVA_HOME ^(or CAIRN_JAVA_HOME^) to such a JDK 1>&2
    exit /b 2
)

rem Serial GC and a capped heap: one short command (see dist/cairn).
set "opts=-XX:+UseSerialGC -Xss4m -Xmx384m"
rem Commands that hash little run on the C1 compiler alone; add, commit, push, pull, fetch keep C2.
set "command="
for %%a in (%*) do (
    if not defined command (
        set "arg=%%~a"
        if not "!arg:~0,1!"=="-" set "command=!arg!"
    )
)
set "c1=-XX:TieredStopAtLevel=1"
for %%c in (add commit push pull fetch) do if /i "!command!"=="%%c" set "c1="
set "opts=!opts! !c1!"

rem Start-up: the AOT cache of dist/train-aot.sh (JDK 25+) when it sits beside the jar; the JVM
rem checks that it matches the jar and this runtime and ignores it otherwise. Older JDKs do not
rem know the option and skip it. Without a cache: class-data sharing, archived on the first run.
set "aot=%jar:~0,-4%.aot"
if exist "%aot%" (
    set "opts=!opts! -XX:+IgnoreUnrecognizedVMOptions -XX:AOTCache="%aot%" -Xlog:aot=off -Xlog:cds=off"
) else (
    set "cds=%LOCALAPPDATA%\cairn"
    if not exist "!cds!" mkdir "!cds!" 2>nul
    if exist "!cds!" set "opts=!opts! -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="!cds!\cairn.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off"
)

rem Without delayed expansion, so that a "!" in the arguments reaches Cairn unchanged.
setlocal DisableDelayedExpansion
"%java%" %opts% %CAIRN_JAVA_OPTS% -jar "%jar%" %*
exit /b %ERRORLEVEL%

rem :candidate HOME -- use HOME\bin\java.exe if its release file says Java 21 or newer (a java.exe
rem without a release file, such as the javapath stub of an installer, is tried as it is).
:candidate
if not exist "%~1\bin\java.exe" exit /b 0
set "major=99"
if exist "%~1\release" (
    set "major=0"
    for /f "tokens=2 delims==." %%v in ('findstr /b "JAVA_VERSION=" "%~1\release"') do set "major=%%v"
)
set "major=!major:"=!"
if !major! GEQ 21 set "java=%~f1\bin\java.exe"
exit /b 0
