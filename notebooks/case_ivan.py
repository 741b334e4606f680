"""Cells of notebooks/02_ivan.ipynb: the returning runner, from his raw export to the diagnosis."""

from __future__ import annotations

from nbcells import code, md, setup

CELLS = [
    md(
        """
        # Ivan: back after a decade, then COVID

        A former high-school runner starts again after years off, runs a strong half marathon,
        then COVID stops him for weeks and the return is slow. He is unsure how much to run and
        how hard. This notebook reads his raw export (the bundled, simulated sample
        `data/samples/ivan`: a Strava bulk export of FIT and GPX files) and walks through what a
        coach would tell him on a call, point by point, each backed by numbers from his data:

        1. the layoff and the return from it;
        2. easy runs paced too fast;
        3. why a longer base phase at lower mileage, now;
        4. what he did right;
        5. what his history says about his racing potential;
        6. the diagnosis, with its prescription.

        Every number in the prose below is computed by the cell that prints it.
        """
    ),
    setup("../data/samples/ivan"),
    md(
        """
        ## The export

        What the athlete tells his coach (the sample's README): sex, age, maximum and resting
        heart rate. These are the only inputs besides the files; everything else is read from
        the runs.
        """
    ),
    code("print((EXPORT / 'README.md').read_text().split('## The history')[0])"),
    code(
        """
        athlete = rl.Athlete(sex='male', birth_date=pd.Timestamp('1994-03-06'), hr_max=194, hr_rest=52)
        GOAL = (21097.5, 90 * 60)  # half marathon under 1:30, his goal

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
    code(
        """
        trend = rl.fitness_trend(history)
        layoffs = rl.detect_layoffs(history)
        races = rl.find_races(history, trend=trend)
        races = races[races['is_race']]
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
        rl.plot_weekly_volume(history, ax=ax1)
        rl.plot_fitness_trend(trend, ax=ax2, layoffs=layoffs);
        """
    ),
    md(
        """
        The top panel is every week's running, stacked by the type of run the classifier saw in
        the data (not the title he gave it). The bottom one is his fitness: the VDOT his steady
        runs imply from pace and heart rate, averaged over the weeks before, with its confidence band,
        calibrated by his races (the stars). The grey band is the break.
        """
    ),
    md("## 1. The layoff, and a return that was too fast"),
    code(
        """
        brk = layoffs.sort_values('days').iloc[-1]
        lost = 1 - brk['ctl_at_return'] / brk['ctl_before']
        say(
            f"No run for **{brk['days']} days**, {brk['start']:%d %B} to {brk['end']:%d %B %Y}. "
            f"His chronic training load (CTL, the slow-moving fitness load) fell from "
            f"{brk['ctl_before']:.0f} to {brk['ctl_at_return']:.0f}: **{lost:.0%} of it gone**. "
            f"His VDOT went from {brk['vdot_before']:.1f} the week before to "
            f"{brk['vdot_after']:.1f} after the return."
        )
        say(
            f"Before the break he ran {km(brk['weekly_m_before'])} a week. His first week back was "
            f"**{km(brk['first_week_m'])}**, and he was back to that volume after "
            f"{brk['weeks_to_volume']:.0f} week(s). The acute:chronic workload ratio peaked at "
            f"**{brk['acwr_peak']:.1f}** on {brk['acwr_peak_date']:%d %B}: the week's load against a "
            "chronic load the break had emptied."
        )
        """
    ),
    code(
        """
        ax = rl.plot_pmc(history)
        ax.axvspan(brk['start'], brk['end'], color='0.5', alpha=0.2, lw=0);
        """
    ),
    md(
        """
        Coach: the break itself was not the problem; coming back at the old volume the first
        week was. Fitness (CTL, blue) had drained, fatigue (ATL, orange) jumped above it at once,
        and form stayed negative for weeks. After a break the body needs time to rebuild what
        was lost before volume can return, and the longer the break, the longer that base.
        """
    ),
    md("## 2. Easy runs run too fast"),
    code(
        """
        discipline = rl.easy_discipline(history, trend=trend)
        judged = discipline.runs[discipline.runs['vdot'].notna()]
        before = judged[judged['date'] < brk['start']]
        after = judged[judged['date'] >= brk['end']]
        say(
            f"Of his {len(judged)} easy, recovery, long and steady runs, "
            f"**{discipline.share_too_fast:.0%} were faster than the top of his easy range** "
            f"(Daniels' E pace for the VDOT in force the week before). Before the break: "
            f"{before['too_fast'].mean():.0%} of {len(before)}; since the return: "
            f"**{after['too_fast'].mean():.0%} of {len(after)}**, by a median "
            f"{after.loc[after['too_fast'], 'pace_margin_pct'].median():.1f} % of speed. "
            f"Average heart rate above the easy ceiling: {after['hr_too_high'].mean():.0%} "
            "of the runs since the return."
        )
        rl.plot_easy_runs(discipline);
        """
    ),
    code(
        """
        vdot_now = trend.weekly.loc[trend.weekly['vdot_quality'] == 'good', 'vdot'].iloc[-1]
        paces = rl.training_paces(vdot_now)
        say(
            f"For his current VDOT of {vdot_now:.1f} his easy running belongs between "
            f"**{format_pace(paces.easy_max_mps, unit=False)} and {format_pace(paces.easy_min_mps)}**; "
            f"since the return his typical 'easy' run went at "
            f"{format_pace(after['speed_mps'].median())}."
        )
        discipline.monthly.tail(8)
        """
    ),
    md(
        """
        Coach: most of his running since the return sits in the grey zone, too fast to be easy,
        too slow to be a workout. It tires him without building the aerobic base the easy days
        are for, and it leaves him too fatigued to run the quality sessions properly.
        """
    ),
    md("## 3. Why a longer base phase, at lower mileage, now"),
    code(
        """
        stall = rl.detect_plateau(history, min_rise=0.0)
        blocks = rl.intensity_distribution(history, by='pace', period='block', trend=trend)
        since = blocks[blocks.index >= brk['end']]
        weekly = history.weekly()
        back = weekly[weekly.index >= brk['end']]
        fittest = weekly[weekly.index < brk['start']]
        say(
            f"Since the return he has held about **{back['distance_m'].median() / 1000:.0f} km a week** "
            f"(median), {'more' if back['distance_m'].median() > fittest['distance_m'].median() else 'less'} "
            f"than the {km(fittest['distance_m'].median())} a week of the block that "
            f"took him to his best form, "
            f"and {since['z2_s'].sum() / since[['z1_s', 'z2_s', 'z3_s']].sum().sum():.0%} of his "
            "running time since then was in the grey zone between easy and threshold."
        )
        for _, p in stall.iterrows():
            say(
                f"Fitness flat from {p['start']:%d %B %Y} to {p['end']:%d %B %Y} ({p['weeks']} weeks): "
                f"VDOT changed by {p['vdot_change']:+.1f} (95 % interval {p['vdot_change_low']:+.1f} "
                f"to {p['vdot_change_high']:+.1f}) at about {km(p['weekly_m'])} a week."
            )
        blocks[['phase', 'end', 'runs', 'z1', 'z2', 'z3', 'pi']]
        """
    ),
    md(
        """
        Coach: more miles at the same pace did not bring him back; his fitness has been flat for
        months at a volume above what he ran when he was fitter. The break cost more than the
        weeks off: a base phase long enough to rebuild, at a volume he can run truly easy, comes
        before any more quality or more mileage. Lower mileage now, run at the right pace, is
        what lets the volume grow later. The length of that base depends on the break and the
        fitness lost: see what the diagnosis below makes of it.
        """
    ),
    md("## 4. What he did right"),
    code(
        """
        first_block = weekly[weekly.index < brk['start']]
        ran = (weekly['runs'] > 0).mean()
        LONG_M = 15_000  # a long run, for this athlete
        long_weeks = (weekly['longest_run_m'] >= LONG_M).mean()
        start_vdot = trend.weekly['vdot'].dropna().iloc[0]
        first_race = races.iloc[0]
        say(
            f"He ran in **{ran:.0%} of the {len(weekly)} weeks**, a median of "
            f"{weekly['runs'].median():.0f} runs a week, with a run of {km(LONG_M)} or more in "
            f"{long_weeks:.0%} of them. In his first block he took his VDOT from "
            f"{start_vdot:.1f} to a half marathon at **VDOT {first_race['vdot']:.1f}** "
            f"({format_time(first_race['time_s'])} on {first_race['date']:%d %B %Y}) in "
            f"{(first_race['date'] - runs['local_date'].min()).days / 7:.0f} weeks, with "
            f"{first_block['label_intervals'].sum():.0f} interval sessions and "
            f"{first_block['label_tempo'].sum():.0f} tempo runs in those weeks."
        )
        reps = rl.quality_sessions(history)
        rl.plot_quality_sessions(reps[reps['date'] < brk['start']], vdot=first_race['vdot']);
        """
    ),
    md(
        """
        Coach: that first block was textbook: consistent weeks, a weekly long run, easy days
        mostly easy, and quality sessions that got faster week after week (the reps above
        progress toward his interval pace). He knows how to train; the return is what went wrong.
        """
    ),
    md("## 5. Racing potential"),
    code(
        """
        last_race = races.iloc[-1]
        best = races.loc[races['vdot'].idxmax()]
        equivalents = rl.race_equivalents(vdot_now, race=(last_race['distance_m'], last_race['time_s']))
        HORIZON = pd.Timedelta(weeks=16)  # a goal race this far after his last run
        goal = rl.goal_feasibility(history, *GOAL, race_date=runs['local_date'].max() + HORIZON)
        say(
            f"His best form: **VDOT {best['vdot']:.1f}** ({best['over']} in "
            f"{format_time(best['time_s'])}, {best['date']:%B %Y}). Now: {vdot_now:.1f}, "
            f"a half marathon in **{format_time(equivalents.loc['half marathon', 'vdot'])}**. "
            f"His goal, {format_time(GOAL[1])}, needs VDOT {goal.vdot_needed:.1f}: "
            f"{goal.vdot_needed - vdot_now:+.1f} from now, about {goal.weeks_needed:.0f} to "
            f"{goal.weeks_needed_conservative:.0f} weeks of consistent training; "
            f"verdict for a race {HORIZON.days // 7} weeks out: **{goal.verdict}**. He has run "
            f"{best['vdot'] - vdot_now:.1f} VDOT faster than today before: the potential is there."
        )
        rl.plot_race_equivalents(equivalents, goal=GOAL)
        equivalents.assign(**{c: equivalents[c].map(format_time) for c in ('vdot', 'riegel', 'cameron')})
        """
    ),
    md(
        """
        Coach: he has been fitter than this, and not long ago. The goal is a question of
        patience: a base first, then the quality that worked in his first block.
        """
    ),
    md(
        """
        ## 6. The diagnosis

        First as a coach would have given it a month into the return, the moment the questions
        were asked (`as_of` cuts the history there: nothing later is seen), then today.
        """
    ),
    code(
        """
        goal = rl.Goal(distance_m=GOAL[0], time_s=GOAL[1])
        call = brk['end'] + pd.Timedelta(weeks=4)  # a month into the return
        at_return = rl.diagnose(history, goal=goal, as_of=call)
        display(Markdown(at_return.to_markdown()))
        """
    ),
    code(
        """
        base = at_return.finding('base_phase_needed')
        ran = weekly.loc[(weekly.index >= brk['end']) & (weekly.index < call), 'distance_m'].median()
        low, high = at_return.prescription.weekly_km
        say(
            (f"**Base phase:** {base.statement} " if base is not None else "")
            + f"Volume: {low:.0f}-{high:.0f} km a week, against the {km(ran)} a week he was "
            f"running then: lower mileage, run easy, until the base is built."
        )
        for finding in at_return.findings:
            if finding.severity in ('warning', 'problem'):
                finding.plot()
        """
    ),
    code(
        """
        today = rl.diagnose(history, goal=goal)
        display(Markdown(today.to_markdown()))
        with pd.option_context('display.max_colwidth', 120):
            display(at_return.compare(today))
        """
    ),
]
