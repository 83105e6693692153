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
set "major=0"
if exist "%here%java.exe" if exist "%here%..\release" (
    set "java=%here%java.exe"
    call :release_major "%here%.."
)
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
rem status and diff: a young generation that holds all they allocate (see dist/cairn), unless
rem CAIRN_JAVA_OPTS sizes the heap itself
set "young=-Xmx1g -Xmn400m"
if defined CAIRN_JAVA_OPTS if not "!CAIRN_JAVA_OPTS:-Xm=!"=="!CAIRN_JAVA_OPTS!" set "young="
for %%c in (status diff) do if /i "!command!"=="%%c" set "opts=!opts! !young!"

rem Start-up: with JDK 25+ (its release file says so), the AOT cache of dist/train-aot.sh when it
rem sits beside the jar; the JVM checks that it matches the jar and this runtime and ignores it
rem otherwise. Else class-data sharing, archived on the first run.
set "aot=%jar:~0,-4%.aot"
rem the commands that talk to a remote map the cache that also holds the remotes' classes
for %%c in (push pull fetch) do if /i "!command!"=="%%c" set "aot=%jar:~0,-4%-remote.aot"
set "use_aot="
if exist "%aot%" if !major! GEQ 25 if !major! LSS 99 set "use_aot=1"
if defined use_aot (
    set "opts=!opts! -XX:AOTCache="%aot%" -Xlog:aot=off -Xlog:cds=off"
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
rem without a release file, such as the javapath stub of an installer, is tried as it is, with
rem major 99: unknown).
:candidate
if not exist "%~1\bin\java.exe" exit /b 0
call :release_major "%~1"
if !major! GEQ 21 set "java=%~f1\bin\java.exe"
exit /b 0

rem :release_major HOME -- sets major to the feature version in HOME\release (99 if it has none).
:release_major
set "major=99"
if exist "%~1\release" (
    set "major=0"
    for /f "tokens=2 delims==." %%v in ('findstr /b "JAVA_VERSION=" "%~1\release"') do set "major=%%v"
)
set "major=!major:"=!"
exit /b 0
