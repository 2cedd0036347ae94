"""The default conditions of a local 容错纠错 policy (the "三个区分开来" and the usual
provincial wording); the organisation department edits the list on the rules page."""

DEFAULT_CONDITIONS = [
    "出于推动工作的公心，未谋取私利",
    "在国家尚无明确限制的探索性试验中出现失误",
    "决策程序符合规定，经过集体研究",
    "未造成重大损失或恶劣影响",
    "积极主动挽回损失、消除影响",
    "不属于违反廉洁纪律、中央八项规定精神的情形",
]
