"""Cells of notebooks/03_boston_qualifier.ipynb: more miles, no qualifier; fewer, and one."""

from __future__ import annotations

from nbcells import code, md, setup

CELLS = [
    md(
        """
        # The Boston qualifier: more miles did not do it, structure did

        A marathoner of many years keeps missing his Boston qualifying time by a few minutes.
        His answer has been more miles. His "speedwork" is hard running with no structure, no
        target pace and no progression. Then he cuts the mileage, dials in his paces, and
        qualifies a few months later. This notebook reads his raw export (the bundled, simulated
        sample `data/samples/boston`: a Strava bulk export of FIT and TCX files) and walks
        through it as a coach would:

        1. the marathons against his standard;
        2. adding miles while the fitness stalled;
        3. speedwork with no structure, no target, no progression;
        4. the change: fewer miles, easy days easy, paces dialled in;
        5. the qualifier;
        6. the diagnosis before the change and after it (`Diagnosis.compare`).

        Every number in the prose below is computed by the cell that prints it.
        """
    ),
    setup("../data/samples/boston"),
    md("## The export"),
    code("print((EXPORT / 'README.md').read_text().split('## The history')[0])"),
    code(
        """
        athlete = rl.Athlete(sex='male', birth_date=pd.Timestamp('1977-04-07'), hr_max=176, hr_rest=47)

        started = time.perf_counter()
        history = rl.read_export(EXPORT, athlete=athlete, cache=CACHE, progress=False)
        load_s = time.perf_counter() - started
        runs = history.activities[history.activities['analysed']]
        say(
            f"**{len(runs)} runs** from {runs['local_date'].min():%d %B %Y} to "
            f"{runs['local_date'].max():%d %B %Y}, {runs['distance_m'].sum() / 1000:,.0f} km in all, "
            f"read and analysed in {load_s:.0f} s ({len(history.problems)} files with problems). "
            "A second run of this notebook reads every run from the cache."
        )
        history
        """
    ),
    md("## 1. The marathons against the standard"),
    code(
        """
        trend = rl.fitness_trend(history)
        races = rl.find_races(history, trend=trend)
        races = races[races['is_race']]
        qualifier = races.iloc[-1]
        age = athlete.at(qualifier['date']).age_years
        # a qualifier counts for the next year's Boston, whose standard applies
        STANDARD = rl.boston_standard(age, 'male', race_year=qualifier['date'].year + 1)
        for _, race in races.iterrows():
            margin = race['time_s'] - STANDARD
            say(
                f"- {race['date']:%d %B %Y}, {race['name']}: **{format_time(race['time_s'])}**, "
                f"{abs(margin) / 60:.1f} min {'outside' if margin > 0 else 'inside'} "
                f"the standard of {format_time(STANDARD)} (VDOT {race['vdot']:.1f})"
            )
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
        rl.plot_weekly_volume(history, ax=ax1)
        rl.plot_fitness_trend(trend, ax=ax2)
        ax2.axhline(rl.vdot_from_race(42195, STANDARD), color='#c62828', ls='--', lw=0.8)
        ax2.annotate('VDOT of the standard', (0.99, rl.vdot_from_race(42195, STANDARD)),
                     xycoords=('axes fraction', 'data'), fontsize=8, va='bottom', ha='right');
        """
    ),
    md(
        """
        Top: every week's running stacked by the type of run the classifier saw in the data.
        Bottom: his fitness (the VDOT his steady runs imply from pace and heart rate, calibrated
        by his races, the stars) against the VDOT his qualifying time needs (dashed).
        """
    ),
    md("## 2. More miles, no more fitness: the stall"),
    code(
        """
        stall = rl.detect_plateau(history).iloc[0]
        weekly = history.weekly()
        say(
            f"From {stall['start']:%d %B %Y} to {stall['end']:%d %B %Y} (**{stall['weeks']} weeks**) "
            f"his weekly volume rose **{stall['volume_change_pct']:+.0f} %** (about "
            f"{km(stall['weekly_m'])} a week) and his load {stall['load_change_pct']:+.0f} %, while "
            f"his VDOT changed by **{stall['vdot_change']:+.1f}** (95 % interval "
            f"{stall['vdot_change_low']:+.1f} to {stall['vdot_change_high']:+.1f}, from "
            f"{stall['markers']} runs): flat. His peak week was "
            f"{km(weekly['distance_m'].max())}, in the week of {weekly['distance_m'].idxmax():%d %B %Y}."
        )
        ax = rl.plot_pmc(history)
        ax.axvspan(stall['start'], stall['end'], color='0.5', alpha=0.15, lw=0);
        """
    ),
    md(
        """
        Coach: the load chart climbs (the grey stretch is the stall), the fitness does not. More
        of the same running stopped adding anything: the extra miles cost recovery and brought
        no new stimulus. The question is what those miles and the "hard" days were made of.
        """
    ),
    md("## 3. Speedwork with no structure, no target, no progression"),
    code(
        """
        change = races.iloc[-2]['date']  # the spring marathon: after it, he changed his training
        reps = rl.quality_sessions(history)
        sessions = reps.groupby(['activity_id', 'date', 'label'], as_index=False).agg(
            reps=('rep', 'max'), speed=('speed_mps', 'median')
        )
        before = sessions[sessions['date'] < change]
        after = sessions[sessions['date'] > change]
        vdot_then = trend.at(change - pd.Timedelta(days=7))['vdot']
        paces_then = rl.training_paces(vdot_then)


        def weekly_gain(s: pd.DataFrame) -> float:
            \"\"\"Least-squares change of the session pace, seconds per km per week (negative: faster).\"\"\"
            weeks = (s['date'] - s['date'].min()).dt.days / 7
            return float(np.polyfit(weeks, 1000 / s['speed'], 1)[0])


        say(
            f"Before the change, **{(before['reps'] == 0).mean():.0%} of his {len(before)} faster "
            f"sessions had no repetitions** at all: hard running at one pace, a median "
            f"{format_pace(before['speed'].median())}, "
            f"{1 - before['speed'].median() / paces_then.marathon_mps:.0%} slower than his marathon "
            f"pace ({format_pace(paces_then.marathon_mps)}) and "
            f"{1 - before['speed'].median() / paces_then.threshold_mps:.0%} slower than his threshold "
            f"pace ({format_pace(paces_then.threshold_mps)}) for VDOT {vdot_then:.1f}: **no target**. "
            f"Week to week their pace moved by {weekly_gain(before):+.1f} s/km: **no progression**."
        )
        intervals = after[after['label'] == 'intervals']
        say(
            f"After it: {len(after)} sessions, {(after['reps'] > 0).mean():.0%} of them with reps; "
            f"his {len(intervals)} interval sessions got faster by {-weekly_gain(intervals):.1f} s/km "
            "a week."
        )
        rl.plot_quality_sessions(reps, vdot=vdot_then);
        """
    ),
    code(
        """
        blocks = rl.intensity_distribution(history, by='pace', period='block', trend=trend)
        grey_before = blocks.loc[blocks.index < change]
        grey_after = blocks.loc[blocks.index > change]


        def share(b: pd.DataFrame, zone: str) -> float:
            return b[f'{zone}_s'].sum() / b[['z1_s', 'z2_s', 'z3_s']].sum().sum()


        say(
            f"Time between easy and threshold pace (the grey zone): **{share(grey_before, 'z2'):.0%}** "
            f"of his running before the change, {share(grey_after, 'z2'):.0%} after; time easy "
            f"{share(grey_before, 'z1'):.0%} before, {share(grey_after, 'z1'):.0%} after."
        )
        blocks[['phase', 'end', 'runs', 'z1', 'z2', 'z3', 'pi', 'polarized']]
        """
    ),
    md(
        """
        Coach: his hard days were not hard enough to be workouts and his easy days were not easy
        enough to recover: everything drifted to the middle. A session needs a purpose (a pace
        tied to his fitness), a structure (reps and recoveries) and a progression (a little more
        each week). Without them, more of it is more fatigue.
        """
    ),
    md("## 4. The change: fewer miles, paces dialled in"),
    code(
        """
        discipline = rl.easy_discipline(history, trend=trend)
        easy = discipline.runs[discipline.runs['vdot'].notna()]
        block = weekly[(weekly.index >= stall['start']) & (weekly.index <= stall['end'])]
        build = weekly[(weekly.index > change + pd.Timedelta(days=14)) & (weekly.index < qualifier['date'] - pd.Timedelta(days=21))]
        say(
            f"In the mileage block he ran a median **{km(block['distance_m'].median())} a week**; "
            f"in the build to the qualifier, **{km(build['distance_m'].median())}** "
            f"({build['distance_m'].median() / block['distance_m'].median() - 1:+.0%}). Easy runs "
            f"faster than the easy range: {easy.loc[easy['date'] < change, 'too_fast'].mean():.0%} "
            f"before, **{easy.loc[easy['date'] > change, 'too_fast'].mean():.0%} after**."
        )
        rl.plot_easy_runs(discipline);
        """
    ),
    code(
        """
        interval = rl.training_paces(trend.at(qualifier['date'])['vdot']).interval_mps
        work = reps[(reps['date'] > change) & (reps['rep'] > 0) & (reps['label'] == 'intervals')]
        off = (work['speed_mps'] / interval - 1).abs()
        say(
            f"His interval reps after the change: {len(work)} reps in "
            f"{work['activity_id'].nunique()} sessions, a median {off.median():.1%} off his "
            f"interval pace ({format_pace(interval)}): paces dialled in."
        )
        """
    ),
    md("## 5. The qualifier"),
    code(
        """
        weeks_to_go = {'spring': 7, 'autumn': 14}  # how far out a coach looked at the goal
        for (name, weeks), race in zip(weeks_to_go.items(), [races.iloc[-2], qualifier]):
            g = rl.goal_feasibility(
                history, 42195, STANDARD, race_date=race['date'],
                as_of=race['date'] - pd.Timedelta(weeks=weeks),
            )
            say(
                f"- {weeks} weeks before the {name} marathon: VDOT {g.vdot_now:.1f} against "
                f"{g.vdot_needed:.1f} needed: **{g.verdict}**. He ran {format_time(race['time_s'])}."
            )
        say(
            f"The qualifier came **{(qualifier['date'] - change).days / 30.44:.1f} months** after the "
            f"change: {format_time(qualifier['time_s'])}, "
            f"{(STANDARD - qualifier['time_s']) / 60:.1f} min inside his standard."
        )
        vdot_now = trend.weekly.loc[trend.weekly['vdot_quality'] == 'good', 'vdot'].iloc[-1]
        equivalents = rl.race_equivalents(vdot_now, race=(qualifier['distance_m'], qualifier['time_s']))
        rl.plot_race_equivalents(equivalents, goal=(42195, STANDARD));
        """
    ),
    md("## 6. The diagnosis, before the change and after"),
    code(
        """
        goal = rl.Goal(distance_m=42195, time_s=STANDARD)
        before_dx = rl.diagnose(history, goal=goal, as_of=change)
        after_dx = rl.diagnose(history, goal=goal)
        display(Markdown(before_dx.to_markdown()))
        """
    ),
    code("display(Markdown(after_dx.to_markdown()))"),
    code(
        """
        with pd.option_context('display.max_colwidth', 120):
            display(before_dx.compare(after_dx))
        """
    ),
    code(
        """
        for finding in before_dx.findings:
            if finding.severity in ('warning', 'problem'):
                finding.plot()
        """
    ),
]
